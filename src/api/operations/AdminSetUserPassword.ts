import type { AdminSetUserPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminSetUserPassword } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { bool, req, struct } from '../shapes.js';
import { Password, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminSetUserPassword',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), Password: req(Password), Permanent: bool() }),
  run: async (services, input): Promise<AdminSetUserPasswordResponse> => {
    await adminSetUserPassword(services, input);
    return {};
  },
});
