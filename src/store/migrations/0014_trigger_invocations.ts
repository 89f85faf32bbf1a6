import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Every Lambda trigger invocation, kept per pool for a retention period (core/trigger/invocations.ts).
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('trigger_invocations')
    .addColumn('id', engine === 'sqlite' ? 'integer' : 'serial', (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('trigger_kind', 'text', (c) => c.notNull())
    .addColumn('trigger_source', 'text', (c) => c.notNull())
    .addColumn('function_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('event_json', 'text', (c) => c.notNull())
    .addColumn('response_json', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trigger_invocations_pool').on('trigger_invocations').columns(['pool_id', 'id']).execute();
  // The retention sweep finds the oldest by creation time, as the outbox's does.
  await db.schema.createIndex('trigger_invocations_created_at').on('trigger_invocations').columns(['created_at']).execute();
}
