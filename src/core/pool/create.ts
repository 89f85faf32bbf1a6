import type { CreateUserPoolInput, UserPoolDescription } from './types.js';
import { isUniqueViolation } from '../../store/database.js';
import { countPools, insertPool } from '../../store/pools.js';
import { CognitoError, err } from '../errors.js';
import { newUserPoolId, regionOfPoolId, userPoolArn } from '../ids.js';
import { mutableConfiguration, prune } from './defaults.js';
import { factorsAfterPoolWrite } from './mfa-configuration.js';
import { buildSchema } from './schema.js';
import type { UserPool } from './pools.js';
import { describePool, invalidatePool, poolConfig } from './pools.js';
import type { Services } from '../services.js';

/** Cognito's quota of user pools per account and region. */
export const MAX_USER_POOLS = 1000;

/**
 * Creates a pool with Cognito's defaults for everything the request leaves out. `fixedId` lets a
 * seed give a pool a known id; creating a pool whose id exists is refused. `region` is the request's
 * (its signature's credential scope, or the server's `--region`); a fixed id carries its own.
 */
export async function createUserPool(
  services: Services,
  input: CreateUserPoolInput,
  fixedId?: string,
  region: string = services.settings.region,
): Promise<UserPoolDescription> {
  if (input.UsernameAttributes?.length && input.AliasAttributes?.length)
    throw err.invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');

  const now = services.clock.now();
  const id = fixedId ?? newUserPoolId(services.random, region);
  const mutable = mutableConfiguration(input);
  const mfaFactors = factorsAfterPoolWrite(undefined, mutable.MfaConfiguration ?? 'OFF', input.SmsConfiguration !== undefined);
  const pool: UserPool = prune({
    Id: id,
    Name: input.PoolName!,
    ...mutable,
    CreationDate: now,
    LastModifiedDate: now,
    SchemaAttributes: buildSchema(input.Schema),
    AliasAttributes: input.AliasAttributes,
    UsernameAttributes: input.UsernameAttributes,
    UsernameConfiguration: input.UsernameConfiguration,
    Arn: userPoolArn(regionOfPoolId(id), services.settings.accountId, id),
    MfaFactors: mfaFactors,
  });

  await services.store.transaction(async (trx) => {
    // Counted inside the write so that a burst of creations cannot all slip under the quota at once on SQLite.
    if ((await countPools(trx, regionOfPoolId(id))) >= MAX_USER_POOLS)
      throw err.limitExceeded(`The maximum number of user pools (${MAX_USER_POOLS}) has been reached.`);
    try {
      await insertPool(trx, { id, name: pool.Name, config: poolConfig(pool), created_at: now, updated_at: now });
    } catch (error) {
      if (isUniqueViolation(error)) throw new CognitoError('InvalidParameterException', `User pool ${id} already exists.`);
      throw error;
    }
  });
  // A seed may recreate a pool id another request looked up (and missed) a moment ago.
  invalidatePool(services, id);
  return describePool(pool, 0);
}
