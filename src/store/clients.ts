import type { Executor } from './database.js';
import type { UserPoolClientRow } from './schema.js';

export const findClient = (db: Executor, id: string): Promise<UserPoolClientRow | undefined> =>
  db.selectFrom('user_pool_clients').selectAll().where('id', '=', id).executeTakeFirst();

export const insertClient = (db: Executor, row: UserPoolClientRow) => db.insertInto('user_pool_clients').values(row).execute();

/** Replaces a client's configuration; the secret is not touched (Cognito never changes it on update). */
export const updateClientConfig = (db: Executor, id: string, name: string, configJson: string, updatedAt: number) =>
  db.updateTable('user_pool_clients').set({ name, config_json: configJson, updated_at: updatedAt }).where('id', '=', id).execute();

export const deleteClient = async (db: Executor, poolId: string, id: string): Promise<boolean> => {
  const result = await db.deleteFrom('user_pool_clients').where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** One page of a pool's clients in id order (the (pool_id, id) index), after `afterId` when paging. */
export const listClients = (db: Executor, poolId: string, limit: number, afterId?: string) => {
  let q = db
    .selectFrom('user_pool_clients')
    .select(['id', 'pool_id', 'name'])
    .where('pool_id', '=', poolId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
};

export const countClients = async (db: Executor, poolId: string) =>
  Number(
    (
      await db
        .selectFrom('user_pool_clients')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId)
        .executeTakeFirstOrThrow()
    ).n,
  );
