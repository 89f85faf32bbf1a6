import type { GetIdentityProviderByIdentifierResponse } from '@aws-sdk/client-cognito-identity-provider';
import { identityProviderByIdentifier } from '../../core/idp/identity-providers.js';
import { UserPoolId } from '../common.js';
import { IdpIdentifier } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetIdentityProviderByIdentifier',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), IdpIdentifier: req(IdpIdentifier) }),
  run: async (services, input): Promise<GetIdentityProviderByIdentifierResponse> => ({
    IdentityProvider: await identityProviderByIdentifier(services, input.UserPoolId, input.IdpIdentifier),
  }),
});
