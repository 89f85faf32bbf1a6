import type { AdminInitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../../core/signin/flows.js';
import { adminOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, UserPoolId } from '../common.js';
import { AnalyticsMetadata, AuthFlow, AuthParameters, ContextData, Session } from '../auth-shapes.js';

export default defineOperation({
  name: 'AdminInitiateAuth',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    ClientId: req(ClientId),
    AuthFlow: req(AuthFlow),
    AuthParameters,
    ClientMetadata,
    AnalyticsMetadata,
    ContextData,
    Session,
  }),
  // Core's sign-in outcome is the response's shape: the annotation checks it against the SDK's.
  run: async (services, input, request): Promise<AdminInitiateAuthResponse> =>
    initiateAuth(services, {
      UserPoolId: input.UserPoolId,
      ClientId: input.ClientId,
      AuthFlow: input.AuthFlow,
      AuthParameters: input.AuthParameters,
      ClientMetadata: input.ClientMetadata,
      Session: input.Session,
      origin: adminOrigin(request, input.ContextData),
    }),
});
