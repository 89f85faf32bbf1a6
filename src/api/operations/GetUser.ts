import type { GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getSelf } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'GetUser',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken) }),
  run: (services, input): Promise<GetUserResponse> => getSelf(services, input.AccessToken),
});
