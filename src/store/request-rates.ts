/** Request-rate counters (core/quota): one row per scope and category, holding its current one-second window. */
import { sql } from 'kysely';
import type { Executor } from './database.js';

const current = sql.ref('request_rates.window_start');
const incoming = sql.ref('excluded.window_start');
const hits = sql.ref('request_rates.hits');

/**
 * Counts one request in the window starting at `windowStart` unless `limit` requests were counted there
 * already; true when counted. One conditional upsert: a newer window replaces the row's, an older one
 * (a node whose clock lags) counts in the row's, and a full window updates nothing and returns no row,
 * so concurrent requests on any number of nodes never count past the limit.
 */
export async function countInWindow(db: Executor, scope: string, category: string, windowStart: number, limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  const row = await db
    .insertInto('request_rates')
    .values({ scope, category, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc
        .columns(['scope', 'category'])
        .doUpdateSet({
          hits: sql<number>`case when ${current} < ${incoming} then 1 else ${hits} + 1 end`,
          window_start: sql<number>`case when ${current} < ${incoming} then ${incoming} else ${current} end`,
        })
        .where(sql<boolean>`${current} < ${incoming} or ${hits} < ${limit}`),
    )
    .returning('hits')
    .executeTakeFirst();
  return row !== undefined;
}
