import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import type { UserPoolRow } from './schema.js';

export const findPool = (db: Executor, id: string): Promise<UserPoolRow | undefined> =>
  db.selectFrom('user_pools').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * The pool row, locked until the transaction ends. SQLite has no row locks, and needs none: its
 * single connection already runs one transaction at a time.
 */
export const findPoolForUpdate = (trx: Executor, id: string, engine: Engine): Promise<UserPoolRow | undefined> => {
  const q = trx.selectFrom('user_pools').selectAll().where('id', '=', id);
  return (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
};

export const insertPool = (db: Executor, row: UserPoolRow) => db.insertInto('user_pools').values(row).execute();

export const updatePoolConfig = (db: Executor, id: string, name: string, configJson: string, updatedAt: number) =>
  db.updateTable('user_pools').set({ name, config_json: configJson, updated_at: updatedAt }).where('id', '=', id).execute();

/**
 * Deletes the pool and everything in it. Tables with a foreign key to the pool (or to its users and
 * groups) follow by ON DELETE CASCADE; the outbox has no such key, so it is cleared here.
 */
export const deletePool = async (db: Executor, id: string): Promise<boolean> => {
  await db.deleteFrom('outbox').where('pool_id', '=', id).execute();
  const result = await db.deleteFrom('user_pools').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** Pools in id order, after `afterId` when paging. */
export const listPools = (db: Executor, limit: number, afterId?: string) => {
  let q = db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
};

export const countPools = async (db: Executor) =>
  Number((await db.selectFrom('user_pools').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const countUsers = async (db: Executor, poolId: string) =>
  Number(
    (await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('pool_id', '=', poolId).executeTakeFirstOrThrow()).n,
  );

export const hasDomain = async (db: Executor, poolId: string): Promise<boolean> =>
  (await db.selectFrom('user_pool_domains').select('domain').where('pool_id', '=', poolId).limit(1).executeTakeFirst()) !==
  undefined;
