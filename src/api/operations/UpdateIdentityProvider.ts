import type { UpdateIdentityProviderRequest, UpdateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateIdentityProvider } from '../../core/idp/identity-providers.js';
import { updateIdentityProviderInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation<UpdateIdentityProviderRequest, UpdateIdentityProviderResponse>({
  name: 'UpdateIdentityProvider',
  auth: 'iam',
  input: updateIdentityProviderInput,
  run: async (services, input) => ({
    IdentityProvider: await updateIdentityProvider(services, {
      UserPoolId: input.UserPoolId!,
      ProviderName: input.ProviderName!,
      ProviderDetails: input.ProviderDetails,
      AttributeMapping: input.AttributeMapping,
      IdpIdentifiers: input.IdpIdentifiers,
    }),
  }),
});
