import type { Executor } from './database.js';

/** A hosted-UI branding row: the pool's default (`client_key` 'ALL') or one app client's. */
export interface UICustomizationRow {
  pool_id: string;
  client_key: string;
  /** The client id for client-level rows (so the row goes with its client); null for 'ALL'. */
  client_id: string | null;
  css: string | null;
  css_version: string | null;
  /** The logo, base64 as it came on the wire. */
  image_base64: string | null;
  image_type: string | null;
  created_at: number;
  updated_at: number;
}

// The table of 0005_ui, merged into the shared Database type so that queries stay typed.
declare module './schema.js' {
  interface Database {
    ui_customizations: UICustomizationRow;
  }
}

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
