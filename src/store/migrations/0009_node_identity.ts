import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Facts about the deployment itself rather than about pools: today the master-key check, a value
// sealed under the key the database was set up with, so that a node with another key refuses to start.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('cognate_meta')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
