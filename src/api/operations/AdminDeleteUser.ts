import { adminDeleteUser } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolId, Username } from '../common.js';

// The model gives this operation no output shape: the body is `{}`.
export default defineOperation({
  name: 'AdminDeleteUser',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await adminDeleteUser(services, input.UserPoolId, input.Username);
    return {};
  },
});
