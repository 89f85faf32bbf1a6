import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Attempts in flight counted apart from failures (issue 13's load tests found the limit of 0012):
// a reservation used to count as a failure until handed back, so five right sign-ins of one user in
// flight at once looked like a lock to the sixth. Now a reservation counts in pending_attempts (with
// pending_since, so the slots of a server that died mid-attempt lapse), failed_attempts holds only
// failures, and previous_failed_at, which restored the failure time on a hand-back, goes.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('user_sign_in_state').addColumn('pending_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('user_sign_in_state').addColumn('pending_since', 'bigint').execute();
  await db.schema.alterTable('user_sign_in_state').dropColumn('previous_failed_at').execute();
}
