import type { AdminEnableUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setUserEnabled } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminEnableUser',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username) }),
  run: async (services, input): Promise<AdminEnableUserResponse> => {
    await setUserEnabled(services, input.UserPoolId, input.Username, true);
    return {};
  },
});
