/** User pools: the pool rows, whose configuration is one JSON object, and the pool-wide counts. */
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { UserPoolRow } from './schema.js';

/** A pool as stored, its configuration decoded: Cognito's members, which the store keeps without reading. */
export type PoolRecord = Omit<UserPoolRow, 'config_json'> & { config: OpaqueObject };

const configColumn = jsonColumn<OpaqueObject>('user_pools.config_json', isObject);

const toRecord = ({ config_json, ...row }: UserPoolRow): PoolRecord => ({ ...row, config: configColumn.decode(config_json) });
const toRow = ({ config, ...record }: PoolRecord): UserPoolRow => ({ ...record, config_json: configColumn.encode(config) });

export const findPool = async (db: Executor, id: string): Promise<PoolRecord | undefined> => {
  const row = await db.selectFrom('user_pools').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
};

/**
 * The pool row, locked until the transaction ends. SQLite has no row locks, and needs none: its
 * single connection already runs one transaction at a time.
 */
export const findPoolForUpdate = async (trx: Executor, id: string, engine: Engine): Promise<PoolRecord | undefined> => {
  const q = trx.selectFrom('user_pools').selectAll().where('id', '=', id);
  const row = await (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return row && toRecord(row);
};

export const insertPool = (db: Executor, pool: PoolRecord) => db.insertInto('user_pools').values(toRow(pool)).execute();

export const updatePoolConfig = (db: Executor, id: string, name: string, config: OpaqueObject, updatedAt: number) =>
  db.updateTable('user_pools').set({ name, config_json: configColumn.encode(config), updated_at: updatedAt }).where('id', '=', id).execute();

/**
 * Deletes the pool and everything in it. Tables with a foreign key to the pool (or to its users and
 * groups) follow by ON DELETE CASCADE; the outbox has no such key, so it is cleared here.
 */
export const deletePool = async (db: Executor, id: string): Promise<boolean> => {
  await db.deleteFrom('outbox').where('pool_id', '=', id).execute();
  const result = await db.deleteFrom('user_pools').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/**
 * A pool id begins with its region and an underscore. Compared as a prefix of exact characters, since
 * LIKE would read the underscore as a wildcard and is case-blind on SQLite.
 */
const inRegion = (region: string) => {
  const prefix = `${region}_`;
  return sql<boolean>`substr(id, 1, ${sql.lit(prefix.length)}) = ${prefix}`;
};

/** A region's pools in id order, after `afterId` when paging. */
export const listPools = async (db: Executor, limit: number, afterId: string | undefined, region: string): Promise<PoolRecord[]> => {
  let q = db.selectFrom('user_pools').selectAll().where(inRegion(region)).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.execute()).map(toRecord);
};

/** Every region that holds a pool (the part of each pool id before its underscore), in name order. */
export const poolRegions = async (db: Executor): Promise<string[]> => {
  const ids = await db.selectFrom('user_pools').select('id').execute();
  return [...new Set(ids.map(({ id }) => id.slice(0, Math.max(0, id.indexOf('_')))))].filter((r) => r !== '').sort();
};

export const countPools = async (db: Executor, region: string) =>
  Number((await db.selectFrom('user_pools').select((eb) => eb.fn.countAll().as('n')).where(inRegion(region)).executeTakeFirstOrThrow()).n);

export const countUsers = async (db: Executor, poolId: string) =>
  Number(
    (await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('pool_id', '=', poolId).executeTakeFirstOrThrow()).n,
  );

export const hasDomain = async (db: Executor, poolId: string): Promise<boolean> =>
  (await db.selectFrom('user_pool_domains').select('domain').where('pool_id', '=', poolId).limit(1).executeTakeFirst()) !==
  undefined;
