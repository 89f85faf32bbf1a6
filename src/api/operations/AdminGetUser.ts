import type { AdminGetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminGetUser } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminGetUser',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username) }),
  run: (services, input): Promise<AdminGetUserResponse> => adminGetUser(services, input.UserPoolId, input.Username),
});
