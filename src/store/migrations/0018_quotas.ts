import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Request-rate quotas (core/quota): the current one-second window of each region and category, shared
// by every node on one database. A row is reused from window to window, so the table never grows past
// regions × categories and needs no sweeping.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('request_rates')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    // Epoch ms at which the row's window starts.
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_rates_pk', ['scope', 'category'])
    .execute();
}
