import type { Executor } from './database.js';
import type { OutboxRow } from './schema.js';

export type NewOutboxRow = Omit<OutboxRow, 'id'>;

export const insertMessage = (db: Executor, row: NewOutboxRow) => db.insertInto('outbox').values(row).execute();

/** Messages oldest first (newest last), optionally for one pool and/or one user, created at or after `since`. */
export function listMessages(db: Executor, filter: { poolId?: string; username?: string; limit?: number; since?: number }) {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'asc');
  if (filter.since !== undefined) q = q.where('created_at', '>=', filter.since);
  if (filter.poolId) q = q.where('pool_id', '=', filter.poolId);
  // The user may be named by the stored username or by the address the message went to (an email-as-username pool).
  if (filter.username) {
    const name = filter.username;
    q = q.where((eb) => eb.or([eb('username', '=', name), eb('destination', '=', name)]));
  }
  if (filter.limit) q = q.limit(filter.limit);
  return q.execute();
}

/**
 * Deletes at most `limit` messages created before `cutoff`, oldest first (outbox_created_at index), so
 * that a large backlog is worked off in short statements. Returns how many were deleted.
 */
export async function deleteMessagesBefore(db: Executor, cutoff: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('id', 'in', (eb) => eb.selectFrom('outbox').select('id').where('created_at', '<', cutoff).orderBy('created_at', 'asc').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
