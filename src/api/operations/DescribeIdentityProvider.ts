import type { DescribeIdentityProviderRequest, DescribeIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeIdentityProvider } from '../../core/idp/identity-providers.js';
import { providerInPoolInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation<DescribeIdentityProviderRequest, DescribeIdentityProviderResponse>({
  name: 'DescribeIdentityProvider',
  auth: 'iam',
  input: providerInPoolInput,
  run: async (services, input) => ({
    IdentityProvider: await describeIdentityProvider(services, input.UserPoolId!, input.ProviderName!),
  }),
});
