/** Threat-protection risk configurations: the pool's ('ALL') and per-client ones, each one JSON object. */
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { RiskConfigurationRow } from './schema.js';

const configColumn = jsonColumn<OpaqueObject>('risk_configurations.config_json', isObject);

/** A risk configuration as stored, decoded: Cognito's members, which the store keeps without reading. */
export type RiskConfigurationRecord = Omit<RiskConfigurationRow, 'config_json'> & { config: OpaqueObject };

export const findRiskConfiguration = async (db: Executor, poolId: string, clientKey: string): Promise<RiskConfigurationRecord | undefined> => {
  const row = await db.selectFrom('risk_configurations').selectAll().where('pool_id', '=', poolId).where('client_key', '=', clientKey).executeTakeFirst();
  if (!row) return undefined;
  const { config_json, ...rest } = row;
  return { ...rest, config: configColumn.decode(config_json) };
};

/** Replaces the row whole: SetRiskConfiguration is not a merge. */
export async function saveRiskConfiguration(db: Executor, { config, ...record }: RiskConfigurationRecord): Promise<void> {
  const configJson = configColumn.encode(config);
  await db
    .insertInto('risk_configurations')
    .values({ ...record, config_json: configJson })
    .onConflict((oc) => oc.columns(['pool_id', 'client_key']).doUpdateSet({ config_json: configJson, updated_at: record.updated_at }))
    .execute();
}

export const deleteRiskConfiguration = (db: Executor, poolId: string, clientKey: string) =>
  db.deleteFrom('risk_configurations').where('pool_id', '=', poolId).where('client_key', '=', clientKey).execute();
