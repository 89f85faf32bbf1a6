import type { CreateUserPoolRequest, CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createUserPool } from '../../core/pools-create.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolName } from '../common.js';

export default defineOperation<CreateUserPoolRequest, CreateUserPoolResponse>({
  name: 'CreateUserPool',
  auth: 'iam',
  input: struct({ PoolName: req(UserPoolName) }),
  run: async (services, input) => ({ UserPool: await createUserPool(services, input) }),
});
