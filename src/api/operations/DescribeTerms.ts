import type { DescribeTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeTerms } from '../../core/terms/terms.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { TermsId, wireTerms } from '../terms-shapes.js';

export default defineOperation({
  name: 'DescribeTerms',
  auth: 'iam',
  input: struct({ TermsId: req(TermsId), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<DescribeTermsResponse> => ({ Terms: wireTerms(await describeTerms(services, input.UserPoolId, input.TermsId)) }),
});
