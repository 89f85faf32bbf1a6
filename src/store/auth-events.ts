/** Each user's authentication events (AdminListUserAuthEvents), newest kept, with their feedback. */
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { AuthEventRow } from './schema.js';

const eventColumn = jsonColumn('auth_events.event_json', (v): v is OpaqueObject => isObject(v));

/** An event as stored; the event's shape belongs to core/events. */
export type AuthEventRecord = Omit<AuthEventRow, 'event_json' | 'id'> & { id?: number; event: OpaqueObject };

const toRecord = ({ event_json, ...row }: Omit<AuthEventRow, 'id'> & { id: number }): AuthEventRecord => ({ ...row, id: Number(row.id), event: eventColumn.decode(event_json) });

/**
 * Adds an event and drops the user's oldest beyond `keep`, in the caller's transaction. The row is
 * selected from the user's own, so an event for a user who does not exist writes nothing while
 * running the same statements: a failed sign-in for an unknown name costs what a known one costs.
 */
export async function insertAuthEvent(db: Executor, { event, id: _id, ...row }: AuthEventRecord, keep: number): Promise<void> {
  await db
    .insertInto('auth_events')
    .columns(['pool_id', 'user_sub', 'event_id', 'event_json', 'feedback', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          'users.pool_id',
          'users.sub',
          sql<string>`cast(${row.event_id} as text)`.as('event_id'),
          sql<string>`cast(${eventColumn.encode(event)} as text)`.as('event_json'),
          sql<string | null>`cast(${row.feedback} as text)`.as('feedback'),
          sql<number>`cast(${row.created_at} as bigint)`.as('created_at'),
        ])
        .where('users.pool_id', '=', row.pool_id)
        .where('users.sub', '=', row.user_sub),
    )
    .execute();
  const cutoff = await db
    .selectFrom('auth_events')
    .select('id')
    .where('pool_id', '=', row.pool_id)
    .where('user_sub', '=', row.user_sub)
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (cutoff) await db.deleteFrom('auth_events').where('pool_id', '=', row.pool_id).where('user_sub', '=', row.user_sub).where('id', '<=', cutoff.id).execute();
}

/** A user's events newest first, older than the event `beforeId` when paging. */
export const listAuthEvents = async (db: Executor, poolId: string, sub: string, limit: number, beforeId?: number): Promise<AuthEventRecord[]> => {
  let q = db.selectFrom('auth_events').selectAll().where('pool_id', '=', poolId).where('user_sub', '=', sub).orderBy('id', 'desc').limit(limit);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return (await q.execute()).map(toRecord);
};

export const findAuthEvent = async (db: Executor, poolId: string, sub: string, eventId: string): Promise<AuthEventRecord | undefined> => {
  const row = await db.selectFrom('auth_events').selectAll().where('pool_id', '=', poolId).where('user_sub', '=', sub).where('event_id', '=', eventId).executeTakeFirst();
  return row && toRecord(row);
};

export const setAuthEventFeedback = (db: Executor, poolId: string, eventId: string, event: OpaqueObject, feedback: string) =>
  db
    .updateTable('auth_events')
    .set({ event_json: eventColumn.encode(event), feedback })
    .where('pool_id', '=', poolId)
    .where('event_id', '=', eventId)
    .execute();
