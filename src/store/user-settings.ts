/** The `users.settings_json` column: its codec and the compare-and-set that replaces it. */
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';

/** MFA settings, preferences, pending codes and counters: the core's, which the store keeps without reading. */
export type StoredUserSettings = OpaqueObject;

export const settingsColumn = jsonColumn<StoredUserSettings>('users.settings_json', isObject);

/**
 * Replaces a user's settings only if they still are `expected` (compare-and-set on the stored text,
 * which is always what `settingsColumn.encode` wrote), so two requests that read the same settings
 * cannot both write: one of them sees `false` and starts over. `updatedAt` is left alone when
 * undefined (sign-in bookkeeping is not a change to the user).
 */
export async function replaceUserSettings(
  db: Executor,
  poolId: string,
  usernameKey: string,
  expected: StoredUserSettings,
  next: StoredUserSettings,
  updatedAt?: number,
): Promise<boolean> {
  const settings_json = settingsColumn.encode(next);
  const result = await db
    .updateTable('users')
    .set(updatedAt === undefined ? { settings_json } : { settings_json, updated_at: updatedAt })
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('settings_json', '=', settingsColumn.encode(expected))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
