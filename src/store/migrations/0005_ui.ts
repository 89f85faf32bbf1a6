import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// The classic hosted UI's branding (SetUICustomization): one row for the pool ('ALL') and one per app
// client that overrides it. Rows go with their pool or client.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('ui_customizations')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    /** 'ALL' for the pool's default, else the client id. */
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.references('user_pool_clients.id').onDelete('cascade'))
    .addColumn('css', 'text')
    .addColumn('css_version', 'text')
    .addColumn('image_base64', 'text')
    .addColumn('image_type', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_customizations_pk', ['pool_id', 'client_key'])
    .execute();
}
