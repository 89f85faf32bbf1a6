/** Each user's authentication events (AdminListUserAuthEvents), newest kept, with their feedback. */
import type { ExpressionBuilder, QueryCreator } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { StandIns } from './prepared.js';
import { prepared } from './prepared.js';
import type { AuthEventRow, Database } from './schema.js';

const eventColumn = jsonColumn('auth_events.event_json', (v): v is OpaqueObject => isObject(v));

/** An event as stored; the event's shape belongs to core/events. */
export type AuthEventRecord = Omit<AuthEventRow, 'event_json' | 'id'> & { id?: number; event: OpaqueObject };

const toRecord = ({ event_json, ...row }: Omit<AuthEventRow, 'id'> & { id: number }): AuthEventRecord => ({ ...row, id: Number(row.id), event: eventColumn.decode(event_json) });

/** What an event's insert binds. */
interface EventValues {
  poolId: string;
  sub: string;
  eventId: string;
  eventJson: string;
  feedback: string | null;
  createdAt: number;
}

/**
 * Adds an event. The row is selected from the user's own, so an event for a user who does not exist
 * writes nothing while running the same statements: a failed sign-in for an unknown name costs what
 * a known one costs.
 */
function insertion(db: QueryCreator<Database>, v: StandIns<EventValues>) {
  return db
    .insertInto('auth_events')
    .columns(['pool_id', 'user_sub', 'event_id', 'event_json', 'feedback', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          'users.pool_id',
          'users.sub',
          sql<string>`cast(${v.eventId} as text)`.as('event_id'),
          sql<string>`cast(${v.eventJson} as text)`.as('event_json'),
          sql<string | null>`cast(${v.feedback} as text)`.as('feedback'),
          sql<number>`cast(${v.createdAt} as bigint)`.as('created_at'),
        ])
        .where('users.pool_id', '=', v.poolId)
        .where('users.sub', '=', v.sub),
    );
}

/**
 * Drops a user's oldest events beyond `keep`, but only once they hold more than `gate` (keep and a
 * slack): one statement whose gate (is there a row past `gate`?) is evaluated once and, false almost
 * always, skips the delete. So an active user's sign-in deletes in a batch every slack's worth of
 * events instead of one row every time, and the same statement runs whether the user exists or not.
 */
function trimmed(db: Executor, eb: ExpressionBuilder<Database, 'auth_events'>, v: StandIns<{ poolId: string; sub: string; keep: number; gate: number }>) {
  const newestFirst = () => db.selectFrom('auth_events as kept').select('kept.id').where('kept.pool_id', '=', v.poolId).where('kept.user_sub', '=', v.sub).orderBy('kept.id', 'desc').limit(1);
  return eb.and([eb('pool_id', '=', v.poolId), eb('user_sub', '=', v.sub), eb.exists(newestFirst().offset(v.gate)), eb('id', '<=', newestFirst().offset(v.keep))]);
}

type TrimValues = { poolId: string; sub: string; keep: number; gate: number };

const insertEvent = prepared<EventValues, never>((db, v) => insertion(db, v));
const trimEvents = prepared<TrimValues, never>((db, v) => db.deleteFrom('auth_events').where((eb) => trimmed(db, eb, v)));
// The delete reads the rows as they were before the insert: the new row counts once it was written.
const insertEventAndTrim = prepared<EventValues & TrimValues, never>((db, v) =>
  db
    .with('inserted', (qc) => insertion(qc, v).returning('auth_events.id'))
    .deleteFrom('auth_events')
    .where((eb) => eb.and([eb.exists(eb.selectFrom('inserted').select('inserted.id')), trimmed(db, eb, v)])),
);

/**
 * Adds an event and keeps the user's newest `keep`, trimming once `slack` more have gathered.
 * PostgreSQL does both in one statement (the insert as a data-modifying CTE, whose row the trim's
 * reads do not see, so it counts it in), saving a round trip on every sign-in; SQLite, whose
 * statements cost no round trip, runs the two. Both prepared: every sign-in writes an event.
 */
export async function insertAuthEventAndTrim(db: Executor, engine: Engine, record: AuthEventRecord, keep: number, slack: number): Promise<void> {
  const event: EventValues = {
    poolId: record.pool_id,
    sub: record.user_sub,
    eventId: record.event_id,
    eventJson: eventColumn.encode(record.event),
    feedback: record.feedback,
    createdAt: record.created_at,
  };
  if (engine !== 'postgres') {
    await insertEvent(db, engine, event);
    await trimEvents(db, engine, { poolId: record.pool_id, sub: record.user_sub, keep, gate: keep + slack });
    return;
  }
  await insertEventAndTrim(db, engine, { ...event, keep: keep - 1, gate: keep - 1 + slack });
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
