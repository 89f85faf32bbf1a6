import type { AdminRespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { respondToAuthChallenge } from '../../core/signin/flows.js';
import { adminOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, UserPoolId } from '../common.js';
import { AnalyticsMetadata, ChallengeName, ChallengeResponses, ContextData, Session } from '../auth-shapes.js';

export default defineOperation({
  name: 'AdminRespondToAuthChallenge',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    ClientId: req(ClientId),
    ChallengeName: req(ChallengeName),
    ChallengeResponses,
    Session,
    AnalyticsMetadata,
    ContextData,
    ClientMetadata,
  }),
  // Core's sign-in outcome is the response's shape: the annotation checks it against the SDK's.
  run: async (services, input, request): Promise<AdminRespondToAuthChallengeResponse> =>
    respondToAuthChallenge(services, {
      UserPoolId: input.UserPoolId,
      ClientId: input.ClientId,
      ChallengeName: input.ChallengeName,
      Session: input.Session,
      ChallengeResponses: input.ChallengeResponses,
      ClientMetadata: input.ClientMetadata,
      origin: adminOrigin(request, input.ContextData),
    }),
});
