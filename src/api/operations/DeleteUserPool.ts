import type { DeleteUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteUserPool } from '../../core/pool/delete.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<DeleteUserPoolRequest, Record<string, never>>({
  name: 'DeleteUserPool',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input) => {
    await deleteUserPool(services, input.UserPoolId!);
    return {};
  },
});
