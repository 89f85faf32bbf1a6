import { deleteIdentityProvider } from '../../core/idp/identity-providers.js';
import { providerInPoolInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'DeleteIdentityProvider',
  auth: 'iam',
  input: providerInPoolInput,
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteIdentityProvider(services, input.UserPoolId, input.ProviderName);
    return {};
  },
});
