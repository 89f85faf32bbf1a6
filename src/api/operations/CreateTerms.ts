import type { CreateTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createTerms } from '../../core/terms/terms.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { Links, TermsEnforcement, TermsName, TermsSource, wireTerms } from '../terms-shapes.js';

export default defineOperation({
  name: 'CreateTerms',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    ClientId: req(ClientId),
    TermsName: req(TermsName),
    TermsSource: req(TermsSource),
    Enforcement: req(TermsEnforcement),
    Links,
  }),
  run: async (services, input): Promise<CreateTermsResponse> => ({ Terms: wireTerms(await createTerms(services, input)) }),
});
