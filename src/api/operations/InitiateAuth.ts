import type { InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../../core/signin/flows.js';
import { publicOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata } from '../common.js';
import { AnalyticsMetadata, AuthFlow, AuthParameters, Session, UserContextData } from '../auth-shapes.js';

export default defineOperation({
  name: 'InitiateAuth',
  auth: 'public',
  input: struct({
    AuthFlow: req(AuthFlow),
    AuthParameters,
    ClientMetadata,
    ClientId: req(ClientId),
    AnalyticsMetadata,
    UserContextData,
    // USER_AUTH with ConfirmSignUp's Session signs the new user in (core/signin/after-sign-up.ts).
    Session,
  }),
  // Core's sign-in outcome is the response's shape: the annotation checks it against the SDK's.
  run: async (services, input, request): Promise<InitiateAuthResponse> =>
    initiateAuth(services, {
      ClientId: input.ClientId,
      AuthFlow: input.AuthFlow,
      AuthParameters: input.AuthParameters,
      ClientMetadata: input.ClientMetadata,
      Session: input.Session,
      origin: publicOrigin(request, input.UserContextData),
    }),
});
