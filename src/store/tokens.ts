import type { Executor } from './database.js';
import type { RefreshTokenRow, UserSignInStateRow } from './schema.js';

export const insertRefreshToken = (db: Executor, row: RefreshTokenRow) => db.insertInto('refresh_tokens').values(row).execute();

export const findRefreshToken = (db: Executor, tokenHash: string) =>
  db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** The newest revocation time of a token family, or undefined if no member is revoked. */
export const familyRevokedAt = async (db: Executor, originJti: string): Promise<number | null | undefined> => {
  const row = await db
    .selectFrom('refresh_tokens')
    .select('revoked_at')
    .where('origin_jti', '=', originJti)
    .orderBy('revoked_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? row.revoked_at : undefined;
};

export const revokeFamily = (db: Executor, originJti: string, now: number) =>
  db.updateTable('refresh_tokens').set({ revoked_at: now }).where('origin_jti', '=', originJti).where('revoked_at', 'is', null).execute();

export const revokeUserTokens = (db: Executor, poolId: string, usernameKey: string, now: number) =>
  db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('revoked_at', 'is', null)
    .execute();

export const markReplaced = (db: Executor, tokenHash: string, now: number) =>
  db.updateTable('refresh_tokens').set({ replaced_at: now }).where('token_hash', '=', tokenHash).where('replaced_at', 'is', null).executeTakeFirst();

export const findSignInState = (db: Executor, poolId: string, usernameKey: string): Promise<UserSignInStateRow | undefined> =>
  db.selectFrom('user_sign_in_state').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey).executeTakeFirst();

/** Voids every token issued before `at` (global sign-out). */
export const setTokensValidAfter = (db: Executor, poolId: string, usernameKey: string, at: number) =>
  db
    .insertInto('user_sign_in_state')
    .values({ pool_id: poolId, username_key: usernameKey, failed_attempts: 0, last_failed_at: null, tokens_valid_after: at })
    .onConflict((oc) => oc.columns(['pool_id', 'username_key']).doUpdateSet({ tokens_valid_after: at }))
    .execute();

/** Counts one failed sign-in atomically; the counter restarts when the last failure is older than `resetBefore`. */
export async function recordFailure(db: Executor, poolId: string, usernameKey: string, now: number, resetBefore: number): Promise<number> {
  await db
    .insertInto('user_sign_in_state')
    .values({ pool_id: poolId, username_key: usernameKey, failed_attempts: 1, last_failed_at: now, tokens_valid_after: null })
    .onConflict((oc) =>
      oc.columns(['pool_id', 'username_key']).doUpdateSet((eb) => ({
        failed_attempts: eb
          .case()
          .when('user_sign_in_state.last_failed_at', '<', resetBefore)
          .then(1)
          .when('user_sign_in_state.last_failed_at', 'is', null)
          .then(1)
          .else(eb('user_sign_in_state.failed_attempts', '+', 1))
          .end(),
        last_failed_at: now,
      })),
    )
    .execute();
  const row = await findSignInState(db, poolId, usernameKey);
  return row?.failed_attempts ?? 1;
}

export const clearFailures = (db: Executor, poolId: string, usernameKey: string) =>
  db.updateTable('user_sign_in_state').set({ failed_attempts: 0, last_failed_at: null }).where('pool_id', '=', poolId).where('username_key', '=', usernameKey).where('failed_attempts', '>', 0).execute();
