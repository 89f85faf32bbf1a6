import type { ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignUp } from '../../core/user/signup.js';
import { defineOperation } from '../operation.js';
import { bool, req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, SecretHash, Username } from '../common.js';
import { AnalyticsMetadata, ConfirmationCode, Session, UserContextData } from '../self-service-shapes.js';

export default defineOperation({
  name: 'ConfirmSignUp',
  auth: 'public',
  input: struct({
    ClientId: req(ClientId),
    SecretHash,
    Username: req(Username),
    ConfirmationCode: req(ConfirmationCode),
    ForceAliasCreation: bool(),
    AnalyticsMetadata,
    UserContextData,
    ClientMetadata,
    // SignUp's, checked when given; the answer's Session signs the user in with USER_AUTH (core/signin/after-sign-up.ts).
    Session,
  }),
  run: async (services, input): Promise<ConfirmSignUpResponse> => confirmSignUp(services, input),
});
