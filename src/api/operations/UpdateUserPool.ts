import type { UpdateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateUserPool } from '../../core/pool/update.js';
import { UserPoolId, UserPoolName } from '../common.js';
import { defineOperation } from '../operation.js';
import { mutablePoolMembers } from '../pool-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'UpdateUserPool',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ...mutablePoolMembers, PoolName: UserPoolName }),
  run: async (services, input): Promise<UpdateUserPoolResponse> => {
    await updateUserPool(services, input);
    return {};
  },
});
