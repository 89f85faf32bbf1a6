import type { RespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { respondToAuthChallenge } from '../../core/signin/flows.js';
import { publicOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata } from '../common.js';
import { AnalyticsMetadata, ChallengeName, ChallengeResponses, Session, UserContextData } from '../auth-shapes.js';

export default defineOperation({
  name: 'RespondToAuthChallenge',
  auth: 'public',
  input: struct({
    ClientId: req(ClientId),
    ChallengeName: req(ChallengeName),
    Session,
    ChallengeResponses,
    AnalyticsMetadata,
    UserContextData,
    ClientMetadata,
  }),
  // Core's sign-in outcome is the response's shape: the annotation checks it against the SDK's.
  run: async (services, input, request): Promise<RespondToAuthChallengeResponse> =>
    respondToAuthChallenge(services, {
      ClientId: input.ClientId,
      ChallengeName: input.ChallengeName,
      Session: input.Session,
      ChallengeResponses: input.ChallengeResponses,
      ClientMetadata: input.ClientMetadata,
      origin: publicOrigin(request, input.UserContextData),
    }),
});
