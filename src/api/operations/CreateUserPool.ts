import type { CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createUserPool } from '../../core/pool/create.js';
import { defineOperation } from '../operation.js';
import { createPoolMembers } from '../pool-shapes.js';
import { struct } from '../shapes.js';

export default defineOperation({
  name: 'CreateUserPool',
  auth: 'iam',
  input: struct(createPoolMembers),
  run: async (services, input, request): Promise<CreateUserPoolResponse> => ({
    UserPool: await createUserPool(services, input, undefined, request.region),
  }),
});
