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

const clearFailuresStatement = prepared<{ poolId: string; usernameKey: string }, never>((db, v) =>
  db.updateTable('user_sign_in_state').set({ failed_attempts: 0, last_failed_at: null }).where('pool_id', '=', v.poolId).where('username_key', '=', v.usernameKey).where('failed_attempts', '>', 0),
);

/** A success clears the count (prepared: every sign-in ends here; it changes nothing when nothing was counted). */
export const clearFailures = async (db: Executor, engine: Engine, poolId: string, usernameKey: string): Promise<void> =>
  void (await clearFailuresStatement(db, engine, { poolId, usernameKey }));

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

interface ReserveValues {
  poolId: string;
  usernameKey: string;
  now: number;
  resetBefore: number;
}

type ReservationRow = { failed_attempts: number; last_failed_at: number | null; previous_failed_at: number | null };

// One prepared statement per set of lock steps (in practice one: Cognito's), which go into the SQL as literals.
const reserveStatements = new WeakMap<LockoutRules['lockSteps'], PreparedStatement<ReserveValues, ReservationRow>>();

function reserveStatement(lockSteps: LockoutRules['lockSteps']): PreparedStatement<ReserveValues, ReservationRow> {
  let statement = reserveStatements.get(lockSteps);
  if (statement) return statement;
  statement = prepared<ReserveValues, ReservationRow>((db, v) => {
    const state = sql.ref('user_sign_in_state.failed_attempts');
    const last = sql.ref('user_sign_in_state.last_failed_at');
    // Integer literals from the rules, not user input: they keep the CASE an integer on PostgreSQL.
    const lockMs = sql`case ${sql.join(
      lockSteps.map(([failures, ms]) => sql`when ${state} >= ${sql.lit(failures)} then ${sql.lit(ms)}`),
      sql` `,
    )} else 0 end`;
    const at = sql<number>`cast(${v.now} as bigint)`;
    return db
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
          .where('users.pool_id', '=', v.poolId)
          .where('users.username_key', '=', v.usernameKey),
      )
      .onConflict((oc) =>
        oc
          .columns(['pool_id', 'username_key'])
          .doUpdateSet({
            failed_attempts: sql<number>`case when ${last} is null or ${last} < ${sql<number>`cast(${v.resetBefore} as bigint)`} then 1 else ${state} + 1 end`,
            previous_failed_at: sql<number | null>`${last}`,
            last_failed_at: at,
          })
          .where(sql<boolean>`${last} is null or ${last} + ${lockMs} <= ${at}`),
      )
      .returning(['failed_attempts', 'last_failed_at', 'previous_failed_at']);
  });
  reserveStatements.set(lockSteps, statement);
  return statement;
}

/**
 * Counts an attempt as a failure before it is judged, in one statement, unless the user is locked:
 * parallel attempts each see the count the one before wrote, so no more can be judged than the
 * lockout allows, on any number of nodes. The row is only written for a user who exists (the insert
 * selects from `users`), so the same query runs for unknown names. Undefined when the user is locked
 * or does not exist. Prepared: every sign-in makes one.
 */
export async function reserveFailure(
  db: Executor,
  engine: Engine,
  poolId: string,
  usernameKey: string,
  now: number,
  rules: LockoutRules,
): Promise<FailureReservation | undefined> {
  const [row] = await reserveStatement(rules.lockSteps)(db, engine, { poolId, usernameKey, now, resetBefore: rules.resetBefore });
  if (!row) return undefined;
  return { failed_attempts: Number(row.failed_attempts), last_failed_at: row.last_failed_at === null ? null : Number(row.last_failed_at), previous_failed_at: row.previous_failed_at === null ? null : Number(row.previous_failed_at) };
}

interface ReleaseValues {
  poolId: string;
  usernameKey: string;
  count: number;
  lastFailedAt: number;
}

const releaseStatement = prepared<ReleaseValues, { failed_attempts: number }>((db, v) => {
  const count = sql.ref('user_sign_in_state.failed_attempts');
  const last = sql.ref('user_sign_in_state.last_failed_at');
  const mine = sql<boolean>`${count} = ${v.count} and ${last} = ${sql`cast(${v.lastFailedAt} as bigint)`}`;
  return db
    .updateTable('user_sign_in_state')
    .set({
      failed_attempts: sql<number>`${count} - 1`,
      last_failed_at: sql<number | null>`case when ${count} <= 1 then null when ${mine} then previous_failed_at else ${last} end`,
    })
    .where('pool_id', '=', v.poolId)
    .where('username_key', '=', v.usernameKey)
    .where('failed_attempts', '>', 0)
    .returning('failed_attempts');
});

/**
 * Hands back a reservation whose attempt turned out right (the password was right but the sign-in
 * goes on to another step, which clears the count only when it ends): the count goes down by one and,
 * when nobody reserved since, the last failure is the one before the reservation again. Returns the
 * count left.
 */
export const releaseFailure = async (db: Executor, engine: Engine, poolId: string, usernameKey: string, reserved: FailureReservation): Promise<number> => {
  // A reservation always writes its time; a null here would match no row's own, as `mine` never holds.
  const [row] = await releaseStatement(db, engine, { poolId, usernameKey, count: reserved.failed_attempts, lastFailedAt: reserved.last_failed_at ?? -1 });
  // No row: nothing was left to hand back (a success cleared the count meanwhile).
  return row ? Number(row.failed_attempts) : 0;
};
