import type { DeleteIdentityProviderRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteIdentityProvider } from '../../core/idp/identity-providers.js';
import { providerInPoolInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation<DeleteIdentityProviderRequest, Record<string, never>>({
  name: 'DeleteIdentityProvider',
  auth: 'iam',
  input: providerInPoolInput,
  run: async (services, input) => {
    await deleteIdentityProvider(services, input.UserPoolId!, input.ProviderName!);
    return {};
  },
});
