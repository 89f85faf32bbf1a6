import * as repo from '../../store/tokens.js';
import { err } from '../errors.js';
import type { Services } from '../services.js';

/**
 * Cognito's sign-in lockout (cognito-wire.md §8): after 5 consecutive failures the user is locked for
 * 1 s, doubling with each further failure up to 15 minutes. Attempts during a lock are refused without
 * counting; 15 minutes without a failure start the count afresh; a success clears it.
 *
 * An attempt is reserved before it is judged: `reserveAttempt` counts it as a failure in one
 * conditional statement (refused while locked), so parallel guesses on any number of nodes cannot all
 * be judged before the first failure is written. A right answer hands its reservation back
 * (`releaseAttempt`), and the end of a sign-in clears the count (`recordSuccessfulSignIn`).
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
  const state = await repo.findSignInState(services.store.db, poolId, usernameKey);
  if (!state || state.last_failed_at === null) return undefined;
  const now = services.clock.now();
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

/** A reserved attempt, to hand back when the answer was right. */
export interface Reservation {
  poolId: string;
  usernameKey: string;
  reserved: repo.FailureReservation;
}

/**
 * Reserves one attempt at a password or code, counted as a failure until handed back; throws
 * NotAuthorizedException "Password attempts exceeded" while the user is locked. For a name that
 * belongs to no user the same statement runs and changes nothing (returns undefined), so the work
 * does not tell unknown users apart.
 */
export async function reserveAttempt(services: Services, poolId: string, usernameKey: string, known = true): Promise<Reservation | undefined> {
  const now = services.clock.now();
  const reserved = await repo.reserveFailure(services.store.db, services.store.engine, poolId, usernameKey, now, { resetBefore: now - RESET_AFTER_MS, lockSteps: LOCK_STEPS });
  if (!known) return undefined;
  if (!reserved) throw err.attemptsExceeded();
  return { poolId, usernameKey, reserved };
}

/**
 * The answer was right: the reserved failure is taken back (the sign-in may still go on to MFA).
 * True when no failure is left counted, so a sign-in ending now has nothing to clear.
 */
export async function releaseAttempt(services: Services, reservation: Reservation | undefined): Promise<boolean> {
  if (!reservation) return false;
  return (await repo.releaseFailure(services.store.db, services.store.engine, reservation.poolId, reservation.usernameKey, reservation.reserved)) === 0;
}

export async function recordSuccessfulSignIn(services: Services, poolId: string, usernameKey: string): Promise<void> {
  await repo.clearFailures(services.store.db, services.store.engine, poolId, usernameKey);
}
