import type { Executor } from './database.js';
import type { LogDeliveryConfigurationRow } from './schema.js';

export const findLogDeliveryConfiguration = (db: Executor, poolId: string): Promise<LogDeliveryConfigurationRow | undefined> =>
  db.selectFrom('log_delivery_configurations').selectAll().where('pool_id', '=', poolId).executeTakeFirst();

export async function saveLogDeliveryConfiguration(db: Executor, row: LogDeliveryConfigurationRow): Promise<void> {
  await db
    .insertInto('log_delivery_configurations')
    .values(row)
    .onConflict((oc) => oc.column('pool_id').doUpdateSet({ config_json: row.config_json, updated_at: row.updated_at }))
    .execute();
}
