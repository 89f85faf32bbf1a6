import type { Executor } from './database.js';
import type { RiskConfigurationRow } from './schema.js';

export const findRiskConfiguration = (db: Executor, poolId: string, clientKey: string): Promise<RiskConfigurationRow | undefined> =>
  db.selectFrom('risk_configurations').selectAll().where('pool_id', '=', poolId).where('client_key', '=', clientKey).executeTakeFirst();

/** Replaces the row whole: SetRiskConfiguration is not a merge. */
export async function saveRiskConfiguration(db: Executor, row: RiskConfigurationRow): Promise<void> {
  await db
    .insertInto('risk_configurations')
    .values(row)
    .onConflict((oc) => oc.columns(['pool_id', 'client_key']).doUpdateSet({ config_json: row.config_json, updated_at: row.updated_at }))
    .execute();
}

export const deleteRiskConfiguration = (db: Executor, poolId: string, clientKey: string) =>
  db.deleteFrom('risk_configurations').where('pool_id', '=', poolId).where('client_key', '=', clientKey).execute();
