import type { AdminUserGlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminUserGlobalSignOut } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminUserGlobalSignOut',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username) }),
  run: async (services, input): Promise<AdminUserGlobalSignOutResponse> => {
    await adminUserGlobalSignOut(services, input.UserPoolId, input.Username);
    return {};
  },
});
