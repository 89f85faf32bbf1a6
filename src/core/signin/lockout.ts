import * as repo from '../../store/tokens.js';
import { CognitoError, err } from '../errors.js';
import type { Services } from '../services.js';

/**
 * Cognito's sign-in lockout (cognito-wire.md §8): after 5 consecutive failures the user is locked for
 * 1 s, doubling with each further failure up to 15 minutes. Attempts during a lock are refused without
 * counting; 15 minutes without a failure start the count afresh; a success clears it.
 *
 * An attempt is reserved before it is judged: `reserveAttempt` counts it as in flight in one
 * conditional statement, refused while locked or while as many are in flight as may still fail before
 * the next lock, so parallel guesses on any number of nodes cannot all be judged before the first
 * failure is written. Judged, it is settled (`judgeAttempt`): a wrong answer counts as a failure, a
 * right one does not, and the end of a sign-in clears the count (`recordSuccessfulSignIn`).
 */

export const FAILURES_BEFORE_LOCK = 5;
export const MAX_LOCK_MS = 15 * 60_000;
export const RESET_AFTER_MS = 15 * 60_000;

/** How long `failures` consecutive failures lock the user: 2^(n−5) seconds, capped at 15 minutes. */
export function lockDurationMs(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  return Math.min(2 ** (failures - FAILURES_BEFORE_LOCK) * 1000, MAX_LOCK_MS);
}

/** The end of the user's current lock (epoch ms), or undefined when the user is not locked. */
export async function lockedUntil(services: Services, poolId: string, usernameKey: string): Promise<number | undefined> {
  return lockEnd(await repo.findSignInState(services.store.db, poolId, usernameKey), services.clock.now());
}

function lockEnd(state: { failed_attempts: number; last_failed_at: number | null } | undefined, now: number): number | undefined {
  if (!state || state.last_failed_at === null) return undefined;
  const lastFailure = Number(state.last_failed_at);
  if (lastFailure < now - RESET_AFTER_MS) return undefined;
  const until = lastFailure + lockDurationMs(Number(state.failed_attempts));
  return until > now ? until : undefined;
}

/** NotAuthorizedException "Password attempts exceeded" while the user is locked. */
export async function assertNotLocked(services: Services, poolId: string, usernameKey: string): Promise<void> {
  if ((await lockedUntil(services, poolId, usernameKey)) !== undefined) throw err.attemptsExceeded();
}

// Every count that locks, most first: the lock grows until it reaches the cap.
const LOCK_STEPS: readonly (readonly [number, number])[] = (() => {
  const steps: [number, number][] = [];
  for (let n = FAILURES_BEFORE_LOCK; lockDurationMs(n) < MAX_LOCK_MS; n++) steps.push([n, lockDurationMs(n)]);
  steps.push([FAILURES_BEFORE_LOCK + steps.length, MAX_LOCK_MS]);
  return steps.reverse();
})();

/** Attempts reserved this long ago and never settled were left by a server that died mid-attempt. */
const PENDING_LAPSES_MS = 10_000;
/** How long an attempt waits for the ones in flight before it is refused as if locked. */
const WAIT_FOR_ROOM_MS = 10_000;

/** A reserved attempt, to settle once judged. */
export interface Reservation {
  poolId: string;
  usernameKey: string;
}

const POLICY: repo.LockoutPolicy = { failuresBeforeLock: FAILURES_BEFORE_LOCK, lockSteps: LOCK_STEPS };

const timesAt = (now: number): repo.AttemptTimes => ({ now, resetBefore: now - RESET_AFTER_MS, staleBefore: now - PENDING_LAPSES_MS });

/**
 * Reserves one attempt at a password or code before it is judged; throws NotAuthorizedException
 * "Password attempts exceeded" while the user is locked. When as many attempts are in flight as may
 * still fail before the next lock, this one waits for them to be judged (a lock they cause refuses it
 * then), so many right sign-ins of one user at once all go through, as in Cognito, while parallel
 * guesses get no more judged than the lockout allows.
 */
export async function reserveAttempt(services: Services, poolId: string, usernameKey: string): Promise<Reservation> {
  const waitUntil = Date.now() + WAIT_FOR_ROOM_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    const now = services.clock.now();
    if (await repo.reserveAttempt(services.store.db, services.store.engine, poolId, usernameKey, timesAt(now), POLICY)) return { poolId, usernameKey };
    // No row: the user was deleted meanwhile, as the reservation only writes for a user who exists.
    const state = await repo.findSignInState(services.store.db, poolId, usernameKey);
    if (!state || lockEnd(state, now) !== undefined || Date.now() >= waitUntil) throw err.attemptsExceeded();
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/**
 * The reservation's statement for a name that belongs to no user: it changes nothing, and running it
 * keeps the work from telling unknown users apart (settle with `failAttempt`, as a wrong answer is).
 */
export async function reserveUnknownAttempt(services: Services, poolId: string, usernameKey: string): Promise<void> {
  const now = services.clock.now();
  await repo.reserveAttempt(services.store.db, services.store.engine, poolId, usernameKey, timesAt(now), POLICY);
}

/**
 * The answer was right: the attempt is settled without a failure (the sign-in may still go on to
 * MFA). True when no failure is counted, so a sign-in ending now has nothing to clear.
 */
async function releaseAttempt(services: Services, reservation: Reservation): Promise<boolean> {
  return (await repo.releaseAttempt(services.store.db, services.store.engine, reservation.poolId, reservation.usernameKey)) === 0;
}

/**
 * The answer was wrong: the attempt is settled as one more failure, which may lock the user. For a
 * name without a user (after `reserveUnknownAttempt`) the statement runs and changes nothing.
 */
export async function failAttempt(services: Services, poolId: string, usernameKey: string): Promise<void> {
  const now = services.clock.now();
  await repo.recordFailure(services.store.db, services.store.engine, poolId, usernameKey, now, now - RESET_AFTER_MS);
}

/** For `judgeAttempt`: only a wrong code is a verdict on an MFA or sign-in code; any other error hands the attempt back. */
export const notCodeMismatch = (error: unknown): boolean => !(error instanceof CognitoError && error.type === 'CodeMismatchException');

/**
 * Judges a reserved attempt: when `judge` returns, the attempt is released (`cleared` when no failure
 * is left counted); when it throws, the attempt counts as a failure, unless `forgiven(error)` says
 * the error was no verdict on the answer.
 */
export async function judgeAttempt<T>(
  services: Services,
  reservation: Reservation,
  judge: () => Promise<T> | T,
  forgiven: (error: unknown) => boolean = () => false,
): Promise<{ value: T; cleared: boolean }> {
  let value: T;
  try {
    value = await judge();
  } catch (error) {
    if (forgiven(error)) await releaseAttempt(services, reservation);
    else await failAttempt(services, reservation.poolId, reservation.usernameKey);
    throw error;
  }
  return { value, cleared: await releaseAttempt(services, reservation) };
}

export async function recordSuccessfulSignIn(services: Services, poolId: string, usernameKey: string): Promise<void> {
  await repo.clearFailures(services.store.db, services.store.engine, poolId, usernameKey);
}
