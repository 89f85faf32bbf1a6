import type { AdminInitiateAuthRequest, AdminInitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import { initiateAuth } from '../../core/signin/flows.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, UserPoolId } from '../common.js';
import { AnalyticsMetadata, AuthFlow, AuthParameters, ContextData, Session } from '../auth-shapes.js';

export default defineOperation<AdminInitiateAuthRequest, AdminInitiateAuthResponse>({
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
  run: async (services, input) => (await initiateAuth(services, input)) as AdminInitiateAuthResponse,
});
