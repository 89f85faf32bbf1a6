import type { CreateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createIdentityProvider } from '../../core/idp/identity-providers.js';
import { createIdentityProviderInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'CreateIdentityProvider',
  auth: 'iam',
  input: createIdentityProviderInput,
  run: async (services, input): Promise<CreateIdentityProviderResponse> => ({
    IdentityProvider: await createIdentityProvider(services, {
      UserPoolId: input.UserPoolId,
      ProviderName: input.ProviderName,
      ProviderType: input.ProviderType,
      ProviderDetails: input.ProviderDetails,
      AttributeMapping: input.AttributeMapping,
      IdpIdentifiers: input.IdpIdentifiers,
    }),
  }),
});
