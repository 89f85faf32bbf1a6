import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { RefreshTokenRow, UserSignInStateRow } from './schema.js';

/** A new token's row; `rotated_at` (0012) and the other nullable columns start out null when left out. */
export const insertRefreshToken = (db: Executor, row: Insertable<RefreshTokenRow>) => db.insertInto('refresh_tokens').values(row).execute();

export const findRefreshToken = (db: Executor, tokenHash: string) =>
  db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/**
 * The newest revocation time of a token family, null if no member is revoked, as a scalar subquery.
 * max() and not an ORDER BY: PostgreSQL sorts nulls first in a descending order, SQLite last.
 */
export const familyRevocation = (originJti: string) => sql<number | null>`(select max(r.revoked_at) from refresh_tokens r where r.origin_jti = ${originJti})`;

/** The newest revocation time of a token family, or null if no member is revoked. */
export const familyRevokedAt = async (db: Executor, originJti: string): Promise<number | null> => {
  const row = await db.selectNoFrom(familyRevocation(originJti).as('revoked_at')).executeTakeFirst();
  return row?.revoked_at === null || row?.revoked_at === undefined ? null : Number(row.revoked_at);
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

/**
 * Claims a refresh token for rotation: true only for the one request that got there first (the token
 * is marked replaced before its successor exists, so parallel refreshes cannot each get one).
 */
export async function claimRotation(db: Executor, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ replaced_at: now })
    .where('token_hash', '=', tokenHash)
    .where('replaced_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records that the successor of a rotated token is stored: from now on a reuse is a replay. */
export const markRotated = (db: Executor, tokenHash: string, now: number) =>
  db.updateTable('refresh_tokens').set({ rotated_at: now }).where('token_hash', '=', tokenHash).execute();

export const findSignInState = (db: Executor, poolId: string, usernameKey: string): Promise<Selectable<UserSignInStateRow> | undefined> =>
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

/** What a reservation wrote: the count including the attempt being made, and the failure times around it. */
export interface FailureReservation {
  failed_attempts: number;
  last_failed_at: number | null;
  previous_failed_at: number | null;
}

export interface LockoutRules {
  /** A last failure before this time starts the count afresh. */
  resetBefore: number;
  /** `[failures, lock ms]`, most failures first: n failures lock for the ms of the first step with failures <= n. */
  lockSteps: readonly (readonly [number, number])[];
}

/**
 * Counts an attempt as a failure before it is judged, in one statement, unless the user is locked:
 * parallel attempts each see the count the one before wrote, so no more can be judged than the
 * lockout allows, on any number of nodes. The row is only written for a user who exists (the insert
 * selects from `users`), so the same query runs for unknown names. Undefined when the user is locked
 * or does not exist.
 */
export async function reserveFailure(db: Executor, poolId: string, usernameKey: string, now: number, rules: LockoutRules): Promise<FailureReservation | undefined> {
  const state = sql.ref('user_sign_in_state.failed_attempts');
  const last = sql.ref('user_sign_in_state.last_failed_at');
  // Integer literals from the rules, not user input: they keep the CASE an integer on PostgreSQL.
  const lockMs = sql`case ${sql.join(
    rules.lockSteps.map(([failures, ms]) => sql`when ${state} >= ${sql.lit(failures)} then ${sql.lit(ms)}`),
    sql` `,
  )} else 0 end`;
  const at = sql<number>`cast(${now} as bigint)`;
  const row = await db
    .insertInto('user_sign_in_state')
    .columns(['pool_id', 'username_key', 'failed_attempts', 'last_failed_at', 'tokens_valid_after', 'previous_failed_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          'users.pool_id',
          'users.username_key',
          sql<number>`cast(1 as integer)`.as('failed_attempts'),
          at.as('last_failed_at'),
          sql<null>`cast(null as bigint)`.as('tokens_valid_after'),
          sql<null>`cast(null as bigint)`.as('previous_failed_at'),
        ])
        .where('users.pool_id', '=', poolId)
        .where('users.username_key', '=', usernameKey),
    )
    .onConflict((oc) =>
      oc
        .columns(['pool_id', 'username_key'])
        .doUpdateSet({
          failed_attempts: sql<number>`case when ${last} is null or ${last} < ${sql<number>`cast(${rules.resetBefore} as bigint)`} then 1 else ${state} + 1 end`,
          previous_failed_at: sql<number | null>`${last}`,
          last_failed_at: at,
        })
        .where(sql<boolean>`${last} is null or ${last} + ${lockMs} <= ${at}`),
    )
    .returning(['failed_attempts', 'last_failed_at', 'previous_failed_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  return { failed_attempts: Number(row.failed_attempts), last_failed_at: row.last_failed_at ?? null, previous_failed_at: row.previous_failed_at ?? null };
}

/**
 * Hands back a reservation whose attempt turned out right (the password was right but the sign-in
 * goes on to another step, which clears the count only when it ends): the count goes down by one and,
 * when nobody reserved since, the last failure is the one before the reservation again. Returns the
 * count left.
 */
export const releaseFailure = async (db: Executor, poolId: string, usernameKey: string, reserved: FailureReservation): Promise<number> => {
  const count = sql.ref('user_sign_in_state.failed_attempts');
  const last = sql.ref('user_sign_in_state.last_failed_at');
  const mine = reserved.last_failed_at === null ? sql<boolean>`false` : sql<boolean>`${count} = ${reserved.failed_attempts} and ${last} = ${sql`cast(${reserved.last_failed_at} as bigint)`}`;
  const row = await db
    .updateTable('user_sign_in_state')
    .set({
      failed_attempts: sql<number>`${count} - 1`,
      last_failed_at: sql<number | null>`case when ${count} <= 1 then null when ${mine} then previous_failed_at else ${last} end`,
    })
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('failed_attempts', '>', 0)
    .returning('failed_attempts')
    .executeTakeFirst();
  // No row: nothing was left to hand back (a success cleared the count meanwhile).
  return row ? Number(row.failed_attempts) : 0;
};
