import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Outbox messages expire after a retention period; the sweep finds the oldest by creation time.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.createIndex('outbox_created_at').on('outbox').columns(['created_at']).execute();
}
