import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Server-side identity for the hosted UI's SSO sessions, so that /logout and the sign-out, disable and
// delete operations end them on every node; and the hosted UI's throttle counters, shared by every node.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('sso_sessions')
    // SHA-256 of the random session id the sealed cookie carries; the id itself is never stored.
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    // Deleting the user (or the pool, through its users) deletes the sessions.
    .addForeignKeyConstraint('sso_sessions_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('sso_sessions_user_idx').on('sso_sessions').columns(['pool_id', 'username_key']).execute();
  await db.schema.createIndex('sso_sessions_expiry').on('sso_sessions').columns(['expires_at']).execute();

  await db.schema
    .createTable('ui_throttle')
    // SHA-256 of what is counted (pool, IP address, and the user for per-user budgets).
    .addColumn('bucket', 'text', (c) => c.notNull())
    // Epoch ms at which the fixed window of this row starts.
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_throttle_pk', ['bucket', 'window_start'])
    .execute();
  await db.schema.createIndex('ui_throttle_window').on('ui_throttle').columns(['window_start']).execute();
}
