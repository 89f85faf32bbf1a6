import type { GetSigningCertificateResponse } from '@aws-sdk/client-cognito-identity-provider';
import { signingCertificate } from '../../core/keys/saml-certificates.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolId } from '../common.js';

export default defineOperation({
  name: 'GetSigningCertificate',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<GetSigningCertificateResponse> => ({ Certificate: await signingCertificate(services, input.UserPoolId) }),
});
