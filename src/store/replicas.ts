/** The replicas a pool asked for in other regions, and the account's provisioned API limits. */
import type { Executor } from './database.js';
import type { ProvisionedLimitRow, UserPoolReplicaRow } from './schema.js';

export const listReplicas = (db: Executor, poolId: string): Promise<UserPoolReplicaRow[]> =>
  db.selectFrom('user_pool_replicas').selectAll().where('pool_id', '=', poolId).orderBy('region').execute();

export const findReplica = (db: Executor, poolId: string, region: string): Promise<UserPoolReplicaRow | undefined> =>
  db.selectFrom('user_pool_replicas').selectAll().where('pool_id', '=', poolId).where('region', '=', region).executeTakeFirst();

export const insertReplica = (db: Executor, row: UserPoolReplicaRow) => db.insertInto('user_pool_replicas').values(row).execute();

export const setReplicaStatus = (db: Executor, poolId: string, region: string, status: string) =>
  db.updateTable('user_pool_replicas').set({ status }).where('pool_id', '=', poolId).where('region', '=', region).execute();

export const deleteReplica = async (db: Executor, poolId: string, region: string): Promise<boolean> => {
  const result = await db.deleteFrom('user_pool_replicas').where('pool_id', '=', poolId).where('region', '=', region).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

export const findProvisionedLimit = (db: Executor, key: string): Promise<ProvisionedLimitRow | undefined> =>
  db.selectFrom('provisioned_limits').selectAll().where('limit_key', '=', key).executeTakeFirst();

export const saveProvisionedLimit = (db: Executor, row: ProvisionedLimitRow) =>
  db
    .insertInto('provisioned_limits')
    .values(row)
    .onConflict((oc) => oc.column('limit_key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
    .execute();
