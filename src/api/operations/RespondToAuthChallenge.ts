import type { RespondToAuthChallengeRequest, RespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { respondToAuthChallenge } from '../../core/signin/flows.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata } from '../common.js';
import { AnalyticsMetadata, ChallengeName, ChallengeResponses, Session, UserContextData } from '../auth-shapes.js';

export default defineOperation<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse>({
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
  run: async (services, input) => (await respondToAuthChallenge(services, input)) as RespondToAuthChallengeResponse,
});
