import type { Executor } from './database.js';

/** The user's replaced passwords, newest first. */
export const recentPasswords = (db: Executor, poolId: string, usernameKey: string, limit: number) =>
  db
    .selectFrom('password_history')
    .select('sealed_password')
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .orderBy('replaced_at', 'desc')
    .limit(limit)
    .execute();

/** Keeps a replaced password, then forgets all but the newest `keep`. */
export async function rememberPassword(db: Executor, poolId: string, usernameKey: string, sealed: string, at: number, keep: number): Promise<void> {
  await db.insertInto('password_history').values({ pool_id: poolId, username_key: usernameKey, sealed_password: sealed, replaced_at: at }).execute();
  const kept = await recentPasswords(db, poolId, usernameKey, keep);
  const keepSet = kept.map((r) => r.sealed_password);
  let q = db.deleteFrom('password_history').where('pool_id', '=', poolId).where('username_key', '=', usernameKey);
  if (keepSet.length > 0) q = q.where('sealed_password', 'not in', keepSet);
  await q.execute();
}
