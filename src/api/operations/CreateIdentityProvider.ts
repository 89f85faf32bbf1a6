import type { CreateIdentityProviderRequest, CreateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createIdentityProvider } from '../../core/idp/identity-providers.js';
import { createIdentityProviderInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation<CreateIdentityProviderRequest, CreateIdentityProviderResponse>({
  name: 'CreateIdentityProvider',
  auth: 'iam',
  input: createIdentityProviderInput,
  run: async (services, input) => ({
    IdentityProvider: await createIdentityProvider(services, {
      UserPoolId: input.UserPoolId!,
      ProviderName: input.ProviderName!,
      ProviderType: input.ProviderType!,
      ProviderDetails: input.ProviderDetails!,
      AttributeMapping: input.AttributeMapping,
      IdpIdentifiers: input.IdpIdentifiers,
    }),
  }),
});
