/** The hosted UI's branding (SetUICustomization): the pool's default row and per-client overrides. */
import type { Executor } from './database.js';
import type { UICustomizationRow } from './schema.js';

export type { UICustomizationRow };

export const findCustomization = (db: Executor, poolId: string, clientKey: string): Promise<UICustomizationRow | undefined> =>
  db.selectFrom('ui_customizations').selectAll().where('pool_id', '=', poolId).where('client_key', '=', clientKey).executeTakeFirst();

/** Replaces the row whole (SetUICustomization is not a merge), keeping its creation time. */
export async function saveCustomization(db: Executor, row: UICustomizationRow): Promise<void> {
  await db
    .insertInto('ui_customizations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['pool_id', 'client_key']).doUpdateSet({
        css: row.css,
        css_version: row.css_version,
        image_base64: row.image_base64,
        image_type: row.image_type,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
