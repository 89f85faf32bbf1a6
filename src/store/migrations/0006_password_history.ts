import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// The passwords a user had before (sealed verifiers), for the pool's PasswordHistorySize.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('password_history')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('sealed_password', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint('password_history_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('password_history_user_idx').on('password_history').columns(['pool_id', 'username_key', 'replaced_at']).execute();
}
