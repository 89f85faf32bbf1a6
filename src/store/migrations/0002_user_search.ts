import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Engine } from '../engine.js';

// ListUsers filters without scanning the pool.
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // `status = "Enabled"` pages through the matching users in username order.
  await db.schema.createIndex('users_pool_enabled').on('users').columns(['pool_id', 'enabled', 'username_key']).execute();
  if (engine === 'postgres') {
    // Prefix filters (`^=`) use LIKE 'p%', which a plain b-tree serves only under the C collation;
    // text_pattern_ops serves it under any database collation.
    await sql`CREATE INDEX user_attributes_prefix ON user_attributes (pool_id, name, value text_pattern_ops)`.execute(db);
    await sql`CREATE INDEX users_username_prefix ON users (pool_id, username_key text_pattern_ops)`.execute(db);
    await sql`CREATE INDEX users_status_prefix ON users (pool_id, status text_pattern_ops)`.execute(db);
    await sql`CREATE INDEX users_sub_prefix ON users (pool_id, sub text_pattern_ops)`.execute(db);
  }
}
