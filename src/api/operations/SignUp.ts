import type { SignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import { signUp } from '../../core/user/signup.js';
import { publicOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeList, ClientId, ClientMetadata, Password, SecretHash, Username } from '../common.js';
import { AnalyticsMetadata, UserContextData } from '../self-service-shapes.js';

export default defineOperation({
  name: 'SignUp',
  auth: 'public',
  input: struct({
    ClientId: req(ClientId),
    SecretHash,
    Username: req(Username),
    Password,
    UserAttributes: AttributeList,
    ValidationData: AttributeList,
    AnalyticsMetadata,
    UserContextData,
    ClientMetadata,
  }),
  run: (services, input, request): Promise<SignUpResponse> => signUp(services, input, publicOrigin(request, input.UserContextData)),
});
