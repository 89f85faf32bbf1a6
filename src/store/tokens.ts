import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import type { PreparedStatement } from './prepared.js';
import { prepared } from './prepared.js';
import type { RefreshTokenRow, UserSignInStateRow } from './schema.js';

/** A new token's row: every column but `rotated_at` (0012), which starts out null. */
export type NewRefreshToken = Required<Omit<Insertable<RefreshTokenRow>, 'rotated_at'>>;

// Prepared: every sign-in and every rotation writes one.
const insertRefreshTokenStatement = prepared<NewRefreshToken, never>((db, v) =>
  db.insertInto('refresh_tokens').values({
    token_hash: v.token_hash,
    pool_id: v.pool_id,
    client_id: v.client_id,
    username_key: v.username_key,
    origin_jti: v.origin_jti,
    auth_time: v.auth_time,
    created_at: v.created_at,
    expires_at: v.expires_at,
    revoked_at: v.revoked_at,
    replaced_at: v.replaced_at,
    device_key: v.device_key,
  }),
);

export const insertRefreshToken = async (db: Executor, engine: Engine, row: NewRefreshToken): Promise<void> => void (await insertRefreshTokenStatement(db, engine, row));

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
    .values({ pool_id: poolId, username_key: usernameKey, failed_attempts: 0, last_failed_at: null, tokens_valid_after: at, pending_attempts: 0, pending_since: null })
    .onConflict((oc) => oc.columns(['pool_id', 'username_key']).doUpdateSet({ tokens_valid_after: at }))
    .execute();

const clearFailuresStatement = prepared<{ poolId: string; usernameKey: string }, never>((db, v) =>
  db.updateTable('user_sign_in_state').set({ failed_attempts: 0, last_failed_at: null }).where('pool_id', '=', v.poolId).where('username_key', '=', v.usernameKey).where('failed_attempts', '>', 0),
);

/** A success clears the count (prepared: every sign-in ends here; it changes nothing when nothing was counted). */
export const clearFailures = async (db: Executor, engine: Engine, poolId: string, usernameKey: string): Promise<void> =>
  void (await clearFailuresStatement(db, engine, { poolId, usernameKey }));

/** The lockout's constants: one object for the process, as they go into the reservation's SQL as literals. */
export interface LockoutPolicy {
  /** Failures before the first lock: while there are fewer, this many minus them may be judged at once; then one. */
  failuresBeforeLock: number;
  /** `[failures, lock ms]`, most failures first: n failures lock for the ms of the first step with failures <= n. */
  lockSteps: readonly (readonly [number, number])[];
}

/** The times a reservation is judged by. */
export interface AttemptTimes {
  now: number;
  /** A last failure before this time starts the count afresh. */
  resetBefore: number;
  /** Attempts reserved before this time and never settled (their server died) no longer count. */
  staleBefore: number;
}

type ReserveValues = AttemptTimes & { poolId: string; usernameKey: string };

// One prepared statement per policy (in practice one: Cognito's).
const reserveStatements = new WeakMap<LockoutPolicy, PreparedStatement<ReserveValues, { pending_attempts: number }>>();

function reserveStatement(rules: LockoutPolicy): PreparedStatement<ReserveValues, { pending_attempts: number }> {
  let statement = reserveStatements.get(rules);
  if (statement) return statement;
  statement = prepared<ReserveValues, { pending_attempts: number }>((db, v) => {
    const failed = sql.ref('user_sign_in_state.failed_attempts');
    const last = sql.ref('user_sign_in_state.last_failed_at');
    const pending = sql.ref('user_sign_in_state.pending_attempts');
    const since = sql.ref('user_sign_in_state.pending_since');
    const lockAt = sql.lit(rules.failuresBeforeLock);
    // Integer literals from the rules, not user input: they keep the CASEs integers on PostgreSQL.
    const lockMs = sql`case ${sql.join(
      rules.lockSteps.map(([failures, ms]) => sql`when ${failed} >= ${sql.lit(failures)} then ${sql.lit(ms)}`),
      sql` `,
    )} else 0 end`;
    const at = sql<number>`cast(${v.now} as bigint)`;
    const forgotten = sql`(${last} is null or ${last} < ${sql`cast(${v.resetBefore} as bigint)`})`;
    const failures = sql<number>`case when ${forgotten} then 0 else ${failed} end`;
    const stale = sql`(${since} is null or ${since} < ${sql`cast(${v.staleBefore} as bigint)`})`;
    const inFlight = sql<number>`case when ${stale} then 0 else ${pending} end`;
    const unlocked = sql<boolean>`(${last} is null or ${last} + ${lockMs} <= ${at})`;
    const room = sql<boolean>`${inFlight} < case when ${failures} >= ${lockAt} then 1 else ${lockAt} - ${failures} end`;
    return db
      .insertInto('user_sign_in_state')
      .columns(['pool_id', 'username_key', 'failed_attempts', 'last_failed_at', 'tokens_valid_after', 'pending_attempts', 'pending_since'])
      .expression((eb) =>
        eb
          .selectFrom('users')
          .select([
            'users.pool_id',
            'users.username_key',
            sql<number>`cast(0 as integer)`.as('failed_attempts'),
            sql<null>`cast(null as bigint)`.as('last_failed_at'),
            sql<null>`cast(null as bigint)`.as('tokens_valid_after'),
            sql<number>`cast(1 as integer)`.as('pending_attempts'),
            at.as('pending_since'),
          ])
          .where('users.pool_id', '=', v.poolId)
          .where('users.username_key', '=', v.usernameKey),
      )
      .onConflict((oc) =>
        oc
          .columns(['pool_id', 'username_key'])
          .doUpdateSet({ failed_attempts: failures, pending_attempts: sql<number>`${inFlight} + 1`, pending_since: at })
          .where(sql<boolean>`${unlocked} and ${room}`),
      )
      .returning('pending_attempts');
  });
  reserveStatements.set(rules, statement);
  return statement;
}

/**
 * Reserves an attempt before it is judged, in one statement: refused (undefined) while the user is
 * locked, and while as many attempts are in flight as may still fail before the next lock, so
 * parallel guesses on any number of nodes cannot all be judged before the first failure is written.
 * The row is only written for a user who exists (the insert selects from `users`), so the same query
 * runs for unknown names. True when reserved. Prepared: every sign-in makes one.
 */
export async function reserveAttempt(db: Executor, engine: Engine, poolId: string, usernameKey: string, times: AttemptTimes, policy: LockoutPolicy): Promise<boolean> {
  const rows = await reserveStatement(policy)(db, engine, { poolId, usernameKey, ...times });
  return rows.length > 0;
}

const settled = sql<number>`case when user_sign_in_state.pending_attempts > 0 then user_sign_in_state.pending_attempts - 1 else 0 end`;

const releaseStatement = prepared<{ poolId: string; usernameKey: string }, { failed_attempts: number }>((db, v) =>
  db
    .updateTable('user_sign_in_state')
    .set({ pending_attempts: settled })
    .where('pool_id', '=', v.poolId)
    .where('username_key', '=', v.usernameKey)
    .returning('failed_attempts'),
);

/** Settles a reserved attempt that was right (or ended without a verdict). Returns the failures still counted. */
export const releaseAttempt = async (db: Executor, engine: Engine, poolId: string, usernameKey: string): Promise<number> => {
  const [row] = await releaseStatement(db, engine, { poolId, usernameKey });
  return row ? Number(row.failed_attempts) : 0;
};

const failStatement = prepared<{ poolId: string; usernameKey: string; now: number; resetBefore: number }, never>((db, v) => {
  const last = sql.ref('user_sign_in_state.last_failed_at');
  return db
    .updateTable('user_sign_in_state')
    .set({
      pending_attempts: settled,
      failed_attempts: sql<number>`case when ${last} is null or ${last} < ${sql`cast(${v.resetBefore} as bigint)`} then 1 else user_sign_in_state.failed_attempts + 1 end`,
      last_failed_at: sql<number>`cast(${v.now} as bigint)`,
    })
    .where('pool_id', '=', v.poolId)
    .where('username_key', '=', v.usernameKey);
});

/**
 * Settles a reserved attempt that was wrong: one more consecutive failure, the count restarting when
 * the last failure is older than `resetBefore`. For a name without a user it changes nothing.
 */
export const recordFailure = async (db: Executor, engine: Engine, poolId: string, usernameKey: string, now: number, resetBefore: number): Promise<void> =>
  void (await failStatement(db, engine, { poolId, usernameKey, now, resetBefore }));
