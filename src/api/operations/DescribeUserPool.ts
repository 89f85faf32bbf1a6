import type { DescribeUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import { domainsOfPool } from '../../core/pool/domains.js';
import { describePool, getPool } from '../../core/pool/pools.js';
import { countUsers } from '../../store/pools.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { UserPoolId } from '../common.js';

export default defineOperation({
  name: 'DescribeUserPool',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<DescribeUserPoolResponse> => {
    const pool = await getPool(services, input.UserPoolId);
    const [users, domains] = await Promise.all([countUsers(services.store.db, pool.Id), domainsOfPool(services, pool.Id)]);
    return { UserPool: { ...describePool(pool, users), ...domains } };
  },
});
