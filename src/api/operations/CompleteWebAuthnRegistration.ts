import type { CompleteWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { passkeyOwner } from '../../core/webauthn/owner.js';
import { completeRegistration } from '../../core/webauthn/registration.js';
import { defineOperation } from '../operation.js';
import { AccessToken } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'CompleteWebAuthnRegistration',
  auth: 'public',
  // Credential is a Document (the browser's PublicKeyCredential as JSON): any object, judged by the core.
  input: struct({ AccessToken: req(AccessToken), Credential: req(struct({})) }),
  run: async (services, input): Promise<CompleteWebAuthnRegistrationResponse> => {
    await completeRegistration(await passkeyOwner(services, input.AccessToken), input.Credential as Record<string, unknown>);
    return {};
  },
});
