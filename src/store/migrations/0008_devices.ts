import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Remembered devices (ConfirmDevice): the device's SRP verifier, sealed, and its remembered status.
// A device key is a region and a UUID, unique on its own; listings go through the owner's index.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('device_key', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('device_group_key', 'text', (c) => c.notNull())
    /** `{salt, verifier}` (hex) from DeviceSecretVerifierConfig. */
    .addColumn('sealed_verifier', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text')
    .addColumn('remembered', 'integer', (c) => c.notNull())
    .addColumn('last_ip_used', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_authenticated_at', 'bigint')
    .addForeignKeyConstraint('devices_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('devices_user_idx').on('devices').columns(['pool_id', 'username_key', 'device_key']).execute();
  // Forgetting a device revokes the refresh tokens issued to it.
  await db.schema.createIndex('refresh_tokens_device_idx').on('refresh_tokens').columns(['device_key']).execute();
}
