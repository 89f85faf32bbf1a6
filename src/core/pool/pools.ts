import type { EmailMfaConfig, UserPoolDescription, WebAuthnConfiguration } from './types.js';
import * as repo from '../../store/pools.js';
import { err } from '../errors.js';
import type { Services } from '../services.js';

/**
 * Which second factors the pool offers. Cognito keeps these apart from DescribeUserPool's output
 * (only GetUserPoolMfaConfig shows them), so they are never put on the wire by `describePool`.
 */
export interface PoolMfaFactors {
  softwareToken: boolean;
  /** SMS codes, sent with the pool's SmsConfiguration and SmsAuthenticationMessage. */
  sms: boolean;
  /** Present when e-mail codes are on; holds the message template. */
  email?: EmailMfaConfig;
  webAuthn?: WebAuthnConfiguration;
}

/** A pool's configuration as Cognito describes it, with dates as epoch milliseconds. */
export type UserPool = Omit<UserPoolDescription, 'CreationDate' | 'LastModifiedDate' | 'EstimatedNumberOfUsers'> & {
  Id: string;
  Name: string;
  CreationDate: number;
  LastModifiedDate: number;
  MfaFactors?: PoolMfaFactors;
};

const cacheKey = (poolId: string) => `pool:${poolId}`;

/** The pool a stored row describes. */
export function poolFromRow(row: repo.PoolRecord): UserPool {
  return {
    ...row.config,
    Id: row.id,
    Name: row.name,
    CreationDate: row.created_at,
    LastModifiedDate: row.updated_at,
  } as UserPool;
}

/** The pool, from memory when possible; `ResourceNotFoundException` when there is none. */
export async function getPool(services: Services, poolId: string): Promise<UserPool> {
  const pool = await services.cache.get(cacheKey(poolId), async () => {
    const row = await repo.findPool(services.store.db, poolId);
    return row ? poolFromRow(row) : undefined;
  });
  if (!pool) throw err.poolNotFound(poolId);
  return pool;
}

export function invalidatePool(services: Services, poolId: string): void {
  services.cache.invalidate(cacheKey(poolId));
}

/**
 * Read-modify-write of one pool's configuration, under a row lock so that two concurrent changes
 * (say, two AddCustomAttributes calls) cannot overwrite each other. `change` returns the new pool
 * or throws a CognitoError, in which case nothing is written.
 */
export async function changePool(
  services: Services,
  poolId: string,
  change: (pool: UserPool) => UserPool | Promise<UserPool>,
): Promise<UserPool> {
  const updated = await services.store.transaction(async (trx) => {
    const row = await repo.findPoolForUpdate(trx, poolId, services.store.engine);
    if (!row) throw err.poolNotFound(poolId);
    const next = await change(poolFromRow(row));
    next.LastModifiedDate = services.clock.now();
    await repo.updatePoolConfig(trx, poolId, next.Name, poolConfig(next), next.LastModifiedDate);
    return next;
  });
  invalidatePool(services, poolId);
  return updated;
}

/** The stored configuration: everything but the columns kept separately. */
export function poolConfig(pool: UserPool): repo.PoolRecord['config'] {
  const { Id: _id, Name: _name, CreationDate: _c, LastModifiedDate: _m, ...config } = pool;
  return config;
}

/** The wire form for DescribeUserPool and friends. */
export function describePool(pool: UserPool, estimatedNumberOfUsers: number): UserPoolDescription {
  const { MfaFactors: _mfa, ...described } = pool;
  return {
    ...described,
    CreationDate: new Date(pool.CreationDate),
    LastModifiedDate: new Date(pool.LastModifiedDate),
    EstimatedNumberOfUsers: estimatedNumberOfUsers,
  };
}
