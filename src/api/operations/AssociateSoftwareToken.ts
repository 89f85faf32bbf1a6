import type { AssociateSoftwareTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { associateSoftwareToken } from '../../core/mfa/totp.js';
import { Token } from '../common.js';
import { defineOperation } from '../operation.js';
import { str, struct } from '../shapes.js';

export default defineOperation({
  name: 'AssociateSoftwareToken',
  auth: 'public',
  input: struct({
    AccessToken: Token,
    Session: str({ min: 20, max: 2048, sensitive: true }),
  }),
  run: (services, input): Promise<AssociateSoftwareTokenResponse> => associateSoftwareToken(services, input),
});
