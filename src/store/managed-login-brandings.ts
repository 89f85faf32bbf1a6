/** Managed login branding styles, one per app client; Settings and Assets kept as one JSON object. */
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { ManagedLoginBrandingRow } from './schema.js';

const configColumn = jsonColumn('managed_login_brandings.config_json', (value): value is OpaqueObject => isObject(value));

/** A style as stored; its configuration's type belongs to core/branding. */
export type BrandingRecord = Omit<ManagedLoginBrandingRow, 'config_json'> & { config: OpaqueObject };

const toRecord = ({ config_json, ...row }: ManagedLoginBrandingRow): BrandingRecord => ({ ...row, config: configColumn.decode(config_json) });

export const findBranding = async (db: Executor, poolId: string, id: string): Promise<BrandingRecord | undefined> => {
  const row = await db.selectFrom('managed_login_brandings').selectAll().where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
};

export const findBrandingByClient = async (db: Executor, poolId: string, clientId: string): Promise<BrandingRecord | undefined> => {
  const row = await db
    .selectFrom('managed_login_brandings')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row && toRecord(row);
};

export const insertBranding = (db: Executor, { config, ...row }: BrandingRecord) =>
  db
    .insertInto('managed_login_brandings')
    .values({ ...row, config_json: configColumn.encode(config) })
    .execute();

export const updateBranding = (db: Executor, poolId: string, id: string, config: OpaqueObject, updatedAt: number) =>
  db
    .updateTable('managed_login_brandings')
    .set({ config_json: configColumn.encode(config), updated_at: updatedAt })
    .where('pool_id', '=', poolId)
    .where('id', '=', id)
    .execute();

export const deleteBranding = async (db: Executor, poolId: string, id: string): Promise<boolean> => {
  const result = await db.deleteFrom('managed_login_brandings').where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};
