import type { DescribeIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeIdentityProvider } from '../../core/idp/identity-providers.js';
import { providerInPoolInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'DescribeIdentityProvider',
  auth: 'iam',
  input: providerInPoolInput,
  run: async (services, input): Promise<DescribeIdentityProviderResponse> => ({
    IdentityProvider: await describeIdentityProvider(services, input.UserPoolId, input.ProviderName),
  }),
});
