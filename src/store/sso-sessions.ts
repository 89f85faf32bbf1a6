import type { Executor } from './database.js';
import type { SsoSessionRow } from './schema.js';

export const insertSsoSession = (db: Executor, row: SsoSessionRow) => db.insertInto('sso_sessions').values(row).execute();

export const findSsoSession = (db: Executor, sessionHash: string): Promise<SsoSessionRow | undefined> =>
  db.selectFrom('sso_sessions').selectAll().where('session_hash', '=', sessionHash).executeTakeFirst();

export const revokeSsoSession = (db: Executor, poolId: string, sessionHash: string, now: number) =>
  db
    .updateTable('sso_sessions')
    .set({ revoked_at: now })
    .where('session_hash', '=', sessionHash)
    .where('pool_id', '=', poolId)
    .where('revoked_at', 'is', null)
    .execute();

export const revokeUserSsoSessions = (db: Executor, poolId: string, usernameKey: string, now: number) =>
  db
    .updateTable('sso_sessions')
    .set({ revoked_at: now })
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('revoked_at', 'is', null)
    .execute();

/** Deletes up to `limit` sessions that expired before `before`; returns how many went. */
export async function deleteExpiredSsoSessions(db: Executor, before: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('sso_sessions')
    .where('session_hash', 'in', (qb) => qb.selectFrom('sso_sessions').select('session_hash').where('expires_at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
