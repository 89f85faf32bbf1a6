import type { StartWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { passkeyOwner } from '../../core/webauthn/owner.js';
import { startRegistration } from '../../core/webauthn/registration.js';
import { defineOperation } from '../operation.js';
import { AccessToken } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'StartWebAuthnRegistration',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken) }),
  run: async (services, input): Promise<StartWebAuthnRegistrationResponse> => ({
    CredentialCreationOptions: (await startRegistration(await passkeyOwner(services, input.AccessToken))) as unknown as StartWebAuthnRegistrationResponse['CredentialCreationOptions'],
  }),
});
