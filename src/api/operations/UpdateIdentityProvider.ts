import type { UpdateIdentityProviderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateIdentityProvider } from '../../core/idp/identity-providers.js';
import { updateIdentityProviderInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'UpdateIdentityProvider',
  auth: 'iam',
  input: updateIdentityProviderInput,
  run: async (services, input): Promise<UpdateIdentityProviderResponse> => ({
    IdentityProvider: await updateIdentityProvider(services, {
      UserPoolId: input.UserPoolId,
      ProviderName: input.ProviderName,
      ProviderDetails: input.ProviderDetails,
      AttributeMapping: input.AttributeMapping,
      IdpIdentifiers: input.IdpIdentifiers,
    }),
  }),
});
