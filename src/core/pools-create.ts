import type { CreateUserPoolRequest, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { insertPool } from '../store/pools.js';
import { LOCAL_ACCOUNT_ID, newUserPoolId, userPoolArn } from './ids.js';
import type { UserPool } from './pools.js';
import { describePool, poolConfigJson } from './pools.js';
import type { Services } from './services.js';

/** Creates a pool with Cognito's defaults for everything the request leaves out. */
export async function createUserPool(
  services: Services,
  input: CreateUserPoolRequest,
  fixedId?: string,
): Promise<UserPoolType> {
  const now = services.clock.now();
  const id = fixedId ?? newUserPoolId(services.random, services.settings.region);
  const pool: UserPool = {
    Id: id,
    Name: input.PoolName!,
    Arn: userPoolArn(services.settings.region, LOCAL_ACCOUNT_ID, id),
    CreationDate: now,
    LastModifiedDate: now,
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
  };
  await insertPool(services.store.db, {
    id,
    name: pool.Name,
    config_json: poolConfigJson(pool),
    created_at: now,
    updated_at: now,
  });
  return describePool(pool, 0);
}
