import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import * as repo from '../store/pools.js';
import { err } from './errors.js';
import type { Services } from './services.js';

/** A pool's configuration as Cognito describes it, with dates as epoch milliseconds. */
export type UserPool = Omit<UserPoolType, 'CreationDate' | 'LastModifiedDate' | 'EstimatedNumberOfUsers'> & {
  Id: string;
  Name: string;
  CreationDate: number;
  LastModifiedDate: number;
};

const cacheKey = (poolId: string) => `pool:${poolId}`;

/** The pool, from memory when possible; `ResourceNotFoundException` when there is none. */
export async function getPool(services: Services, poolId: string): Promise<UserPool> {
  const pool = await services.cache.get(cacheKey(poolId), async () => {
    const row = await repo.findPool(services.store.db, poolId);
    if (!row) return undefined;
    return {
      ...(JSON.parse(row.config_json) as object),
      Id: row.id,
      Name: row.name,
      CreationDate: row.created_at,
      LastModifiedDate: row.updated_at,
    } as UserPool;
  });
  if (!pool) throw err.poolNotFound(poolId);
  return pool;
}

export function invalidatePool(services: Services, poolId: string): void {
  services.cache.invalidate(cacheKey(poolId));
}

/** The stored JSON: everything but the columns kept separately. */
export function poolConfigJson(pool: UserPool): string {
  const { Id: _id, Name: _name, CreationDate: _c, LastModifiedDate: _m, ...config } = pool;
  return JSON.stringify(config);
}

/** The wire form for DescribeUserPool and friends. */
export function describePool(pool: UserPool, estimatedNumberOfUsers: number): UserPoolType {
  return {
    ...pool,
    CreationDate: new Date(pool.CreationDate),
    LastModifiedDate: new Date(pool.LastModifiedDate),
    EstimatedNumberOfUsers: estimatedNumberOfUsers,
  };
}
