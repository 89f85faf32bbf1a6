import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * PostgreSQL refuses a b-tree entry over ~2,700 bytes, and an attribute value may be 2,048 characters
 * of up to 4 bytes each, so indexing the whole value made long values fail to save. The ListUsers
 * index now holds the value's first ATTRIBUTE_INDEX_PREFIX characters: ListUsers filters are at most
 * 256 characters long, so every filter still narrows through the index (store/users.ts `match`).
 * SQLite has no such limit and keeps its index over the whole value.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`DROP INDEX IF EXISTS user_attributes_prefix`.execute(db);
  await sql`DROP INDEX IF EXISTS user_attributes_search`.execute(db);
  await sql`CREATE INDEX user_attributes_value_head ON user_attributes (pool_id, name, left(value, 256) text_pattern_ops)`.execute(db);
}
