import type { AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { respondToAuthChallenge } from '../../core/signin/flows.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, UserPoolId } from '../common.js';
import { AnalyticsMetadata, ChallengeName, ChallengeResponses, ContextData, Session } from '../auth-shapes.js';

export default defineOperation<AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse>({
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
  run: async (services, input) => (await respondToAuthChallenge(services, input)) as AdminRespondToAuthChallengeResponse,
});
