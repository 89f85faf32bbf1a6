/** Each user's authentication events (AdminListUserAuthEvents), newest kept, with their feedback. */
import type { ExpressionBuilder, QueryCreator } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { AuthEventRow, Database } from './schema.js';

const eventColumn = jsonColumn('auth_events.event_json', (v): v is OpaqueObject => isObject(v));

/** An event as stored; the event's shape belongs to core/events. */
export type AuthEventRecord = Omit<AuthEventRow, 'event_json' | 'id'> & { id?: number; event: OpaqueObject };

const toRecord = ({ event_json, ...row }: Omit<AuthEventRow, 'id'> & { id: number }): AuthEventRecord => ({ ...row, id: Number(row.id), event: eventColumn.decode(event_json) });

/**
 * Adds an event. The row is selected from the user's own, so an event for a user who does not exist
 * writes nothing while running the same statements: a failed sign-in for an unknown name costs what
 * a known one costs.
 */
export async function insertAuthEvent(db: Executor, record: AuthEventRecord): Promise<void> {
  await insertion(db, record).execute();
}

function insertion(db: QueryCreator<Database>, { event, id: _id, ...row }: AuthEventRecord) {
  return db
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
    );
}

/**
 * Adds an event and trims the user's oldest (trimAuthEvents). PostgreSQL does both in one statement
 * (the insert as a data-modifying CTE, whose row the trim's reads do not see, so it counts it in),
 * saving a round trip on every sign-in; SQLite, whose statements cost no round trip, runs the two.
 */
export async function insertAuthEventAndTrim(db: Executor, engine: Engine, record: AuthEventRecord, keep: number, slack: number): Promise<void> {
  if (engine !== 'postgres') {
    await insertAuthEvent(db, record);
    await trimAuthEvents(db, record.pool_id, record.user_sub, keep, slack);
    return;
  }
  // The delete reads the rows as they were before the insert: the new row counts once it was written.
  await db
    .with('inserted', (qc) => insertion(qc, record).returning('auth_events.id'))
    .deleteFrom('auth_events')
    .where((eb) => eb.and([eb.exists(eb.selectFrom('inserted').select('inserted.id')), trimmed(db, eb, record.pool_id, record.user_sub, keep - 1, slack)]))
    .execute();
}

/**
 * Drops a user's oldest events beyond `keep`, but only once they hold more than `keep + slack`: one
 * statement whose gate (is there a row past `keep + slack`?) is evaluated once and, false almost
 * always, skips the delete. So an active user's sign-in deletes in a batch every `slack` events
 * instead of one row every time, and the same statement runs whether the user exists or not.
 */
export async function trimAuthEvents(db: Executor, poolId: string, sub: string, keep: number, slack: number): Promise<void> {
  await db
    .deleteFrom('auth_events')
    .where((eb) => trimmed(db, eb, poolId, sub, keep, slack))
    .execute();
}

function trimmed(db: Executor, eb: ExpressionBuilder<Database, 'auth_events'>, poolId: string, sub: string, keep: number, slack: number) {
  const newestFirst = () => db.selectFrom('auth_events as kept').select('kept.id').where('kept.pool_id', '=', poolId).where('kept.user_sub', '=', sub).orderBy('kept.id', 'desc').limit(1);
  return eb.and([eb('pool_id', '=', poolId), eb('user_sub', '=', sub), eb.exists(newestFirst().offset(keep + slack)), eb('id', '<=', newestFirst().offset(keep))]);
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
