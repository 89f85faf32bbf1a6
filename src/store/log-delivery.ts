/** The pool's log delivery configuration (SetLogDeliveryConfiguration): a JSON list of LogConfigurations. */
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isArrayOf, isObject, jsonColumn } from './json.js';
import type { LogDeliveryConfigurationRow } from './schema.js';

const configColumn = jsonColumn<OpaqueObject[]>('log_delivery_configurations.config_json', isArrayOf(isObject));

/** The configuration as stored, decoded: Cognito's LogConfigurations, which the store keeps without reading. */
export type LogDeliveryRecord = Omit<LogDeliveryConfigurationRow, 'config_json'> & { configurations: OpaqueObject[] };

export const findLogDeliveryConfiguration = async (db: Executor, poolId: string): Promise<LogDeliveryRecord | undefined> => {
  const row = await db.selectFrom('log_delivery_configurations').selectAll().where('pool_id', '=', poolId).executeTakeFirst();
  if (!row) return undefined;
  const { config_json, ...rest } = row;
  return { ...rest, configurations: configColumn.decode(config_json) };
};

export async function saveLogDeliveryConfiguration(db: Executor, { configurations, ...record }: LogDeliveryRecord): Promise<void> {
  const configJson = configColumn.encode(configurations);
  await db
    .insertInto('log_delivery_configurations')
    .values({ ...record, config_json: configJson })
    .onConflict((oc) => oc.column('pool_id').doUpdateSet({ config_json: configJson, updated_at: record.updated_at }))
    .execute();
}
