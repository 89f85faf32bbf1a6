import type { Executor } from './database.js';
import type { JsonObject } from './json.js';
import { isObject, jsonColumn } from './json.js';

/** Recorded Lambda trigger invocations (core/trigger/invocations.ts), with their masked event and answer. */

export interface InvocationRecord {
  poolId: string;
  triggerKind: string;
  triggerSource: string;
  functionName: string;
  outcome: string;
  error: string | null;
  durationMs: number;
  event: JsonObject;
  /** The function's answer; null when it gave none (a failure), or when it was no JSON object. */
  response: JsonObject | null;
  createdAt: number;
}

export interface StoredInvocation extends InvocationRecord {
  id: number;
}

const eventColumn = jsonColumn('trigger_invocations.event_json', isObject);
const responseColumn = jsonColumn('trigger_invocations.response_json', isObject);

export const insertInvocation = (db: Executor, record: InvocationRecord) =>
  db
    .insertInto('trigger_invocations')
    .values({
      pool_id: record.poolId,
      trigger_kind: record.triggerKind,
      trigger_source: record.triggerSource,
      function_name: record.functionName,
      outcome: record.outcome,
      error: record.error,
      duration_ms: Math.round(record.durationMs),
      event_json: eventColumn.encode(record.event),
      response_json: record.response === null ? null : responseColumn.encode(record.response),
      created_at: record.createdAt,
    })
    .execute();

/** One pool's invocations created at or after `since`, oldest first (newest last), at most `limit` of the newest. */
export async function listInvocations(db: Executor, filter: { poolId: string; since: number; limit: number }): Promise<StoredInvocation[]> {
  const rows = await db
    .selectFrom('trigger_invocations')
    .selectAll()
    .where('pool_id', '=', filter.poolId)
    .where('created_at', '>=', filter.since)
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.reverse().map((r) => ({
    id: Number(r.id),
    poolId: r.pool_id,
    triggerKind: r.trigger_kind,
    triggerSource: r.trigger_source,
    functionName: r.function_name,
    outcome: r.outcome,
    error: r.error,
    durationMs: Number(r.duration_ms),
    event: eventColumn.decode(r.event_json),
    response: r.response_json === null ? null : responseColumn.decode(r.response_json),
    createdAt: Number(r.created_at),
  }));
}

/** Deletes at most `limit` invocations created before `cutoff`, oldest first; returns how many. */
export async function deleteInvocationsBefore(db: Executor, cutoff: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('trigger_invocations')
    .where('id', 'in', (eb) => eb.selectFrom('trigger_invocations').select('id').where('created_at', '<', cutoff).orderBy('created_at', 'asc').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
