import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Sign-in state: refresh tokens (only their hashes), failed-attempt counters for lockout, and the
// time before which a user's tokens are void (global sign-out).
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    // Every token refreshed from this one shares the origin; revoking it voids the whole family.
    .addColumn('origin_jti', 'text', (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    // Set when rotation replaced this token; it stays usable for the client's grace period.
    .addColumn('replaced_at', 'bigint')
    .addColumn('device_key', 'text')
    .addForeignKeyConstraint('refresh_tokens_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('refresh_tokens_origin').on('refresh_tokens').columns(['origin_jti']).execute();
  await db.schema.createIndex('refresh_tokens_user_idx').on('refresh_tokens').columns(['pool_id', 'username_key']).execute();

  await db.schema
    .createTable('user_sign_in_state')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'bigint')
    .addColumn('tokens_valid_after', 'bigint')
    .addPrimaryKeyConstraint('user_sign_in_state_pk', ['pool_id', 'username_key'])
    .addForeignKeyConstraint('user_sign_in_state_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
}
