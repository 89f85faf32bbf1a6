import * as repo from '../store/tokens.js';
import { err } from './errors.js';
import type { Services } from './services.js';

/**
 * Cognito's sign-in lockout (cognito-wire.md §8): after 5 consecutive failures the user is locked for
 * 1 s, doubling with each further failure up to 15 minutes. Attempts during a lock are refused without
 * counting; 15 minutes without a failure start the count afresh; a success clears it.
 * The counter lives in `user_sign_in_state` and is incremented atomically, so parallel guesses on
 * several nodes all count.
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
  if ((await lockedUntil(services, poolId, usernameKey)) !== undefined) throw err.notAuthorized('Password attempts exceeded');
}

/** Counts a wrong password (or SRP claim); returns the number of consecutive failures. */
export async function recordFailedSignIn(services: Services, poolId: string, usernameKey: string): Promise<number> {
  const now = services.clock.now();
  return repo.recordFailure(services.store.db, poolId, usernameKey, now, now - RESET_AFTER_MS);
}

export async function recordSuccessfulSignIn(services: Services, poolId: string, usernameKey: string): Promise<void> {
  await repo.clearFailures(services.store.db, poolId, usernameKey);
}
