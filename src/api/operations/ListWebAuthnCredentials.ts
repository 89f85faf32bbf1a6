import type { ListWebAuthnCredentialsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listPasskeys } from '../../core/webauthn/credentials.js';
import { passkeyOwner } from '../../core/webauthn/owner.js';
import { PaginationKey } from '../common.js';
import { defineOperation } from '../operation.js';
import { AccessToken } from '../self-service-shapes.js';
import { num, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListWebAuthnCredentials',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken), NextToken: PaginationKey, MaxResults: num({ min: 0, max: 20 }) }),
  run: async (services, input): Promise<ListWebAuthnCredentialsResponse> =>
    listPasskeys(await passkeyOwner(services, input.AccessToken), input.MaxResults, input.NextToken),
});
