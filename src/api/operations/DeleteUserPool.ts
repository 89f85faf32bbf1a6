import { deleteUserPool } from '../../core/pool/delete.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteUserPool',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteUserPool(services, input.UserPoolId);
    return {};
  },
});
