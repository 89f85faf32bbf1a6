import type { AdminGetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { userAuthFactors } from '../../core/signin/auth-factors.js';
import { getPool } from '../../core/pool/pools.js';
import { getUser } from '../../core/user/users.js';
import { UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminGetUserAuthFactors',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username) }),
  run: async (services, input): Promise<AdminGetUserAuthFactorsResponse> => {
    const pool = await getPool(services, input.UserPoolId);
    return (await userAuthFactors(services, pool, await getUser(services, pool, input.Username))) as AdminGetUserAuthFactorsResponse;
  },
});
