import type { Executor } from './database.js';
import type { UserPoolRow } from './schema.js';

export const findPool = (db: Executor, id: string): Promise<UserPoolRow | undefined> =>
  db.selectFrom('user_pools').selectAll().where('id', '=', id).executeTakeFirst();

export const insertPool = (db: Executor, row: UserPoolRow) => db.insertInto('user_pools').values(row).execute();

export const updatePoolConfig = (db: Executor, id: string, name: string, configJson: string, updatedAt: number) =>
  db.updateTable('user_pools').set({ name, config_json: configJson, updated_at: updatedAt }).where('id', '=', id).execute();

export const deletePool = (db: Executor, id: string) => db.deleteFrom('user_pools').where('id', '=', id).execute();

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
