import type { UpdateTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateTerms } from '../../core/terms/terms.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { Links, TermsEnforcement, TermsId, TermsName, TermsSource, wireTerms } from '../terms-shapes.js';

export default defineOperation({
  name: 'UpdateTerms',
  auth: 'iam',
  input: struct({ TermsId: req(TermsId), UserPoolId: req(UserPoolId), TermsName, TermsSource, Enforcement: TermsEnforcement, Links }),
  run: async (services, input): Promise<UpdateTermsResponse> => ({ Terms: wireTerms(await updateTerms(services, input)) }),
});
