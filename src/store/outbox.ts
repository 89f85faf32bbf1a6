import type { Executor } from './database.js';
import type { OutboxRow } from './schema.js';

export type NewOutboxRow = Omit<OutboxRow, 'id'>;

export const insertMessage = (db: Executor, row: NewOutboxRow) => db.insertInto('outbox').values(row).execute();

/** Messages oldest first (newest last), optionally for one pool and/or one user. */
export function listMessages(db: Executor, filter: { poolId?: string; username?: string; limit?: number }) {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'asc');
  if (filter.poolId) q = q.where('pool_id', '=', filter.poolId);
  if (filter.username) q = q.where('username', '=', filter.username);
  if (filter.limit) q = q.limit(filter.limit);
  return q.execute();
}
