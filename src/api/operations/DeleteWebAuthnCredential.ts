import type { DeleteWebAuthnCredentialResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deletePasskey } from '../../core/webauthn/credentials.js';
import { passkeyOwner } from '../../core/webauthn/owner.js';
import { StringType } from '../common.js';
import { defineOperation } from '../operation.js';
import { AccessToken } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteWebAuthnCredential',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken), CredentialId: req(StringType) }),
  run: async (services, input): Promise<DeleteWebAuthnCredentialResponse> => {
    await deletePasskey(await passkeyOwner(services, input.AccessToken), input.CredentialId);
    return {};
  },
});
