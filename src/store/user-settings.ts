import type { Executor } from './database.js';

/**
 * Replaces a user's settings JSON only if it still holds `expected` (compare-and-set), so two
 * requests that read the same settings cannot both write: one of them sees `false` and starts over.
 * `updatedAt` is left alone when undefined (sign-in bookkeeping is not a change to the user).
 */
export async function replaceUserSettings(
  db: Executor,
  poolId: string,
  usernameKey: string,
  expected: string,
  next: string,
  updatedAt?: number,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set(updatedAt === undefined ? { settings_json: next } : { settings_json: next, updated_at: updatedAt })
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('settings_json', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
