import type { Executor } from './database.js';

/**
 * Counts one hit in a fixed window and returns the window's count, in one atomic statement (an
 * upsert-increment), so that parallel requests on any number of nodes each see a distinct count.
 */
export async function hit(db: Executor, bucket: string, windowStart: number): Promise<number> {
  const row = await db
    .insertInto('ui_throttle')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ hits: eb('ui_throttle.hits', '+', 1) })))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return Number(row.hits);
}

/** Gives one hit back (a request that turned out not to count). */
export const refund = (db: Executor, bucket: string, windowStart: number) =>
  db.updateTable('ui_throttle').set((eb) => ({ hits: eb('hits', '-', 1) })).where('bucket', '=', bucket).where('window_start', '=', windowStart).where('hits', '>', 0).execute();

/** Deletes the windows that started before `before`. */
export const deleteWindowsBefore = (db: Executor, before: number) => db.deleteFrom('ui_throttle').where('window_start', '<', before).execute();
