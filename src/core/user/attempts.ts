import { CognitoError, err } from '../errors.js';
import { replaceUserSettings } from '../../store/user-settings.js';
import * as repo from '../../store/users.js';
import type { Services } from '../services.js';
import type { User, UserSettings } from './users.js';
import { userFromRows } from './users.js';

/**
 * Cognito's per-user hourly caps on the self-service operations that send or check codes and
 * passwords. Counters live in the user's settings: a fixed one-hour window from the first attempt.
 */

export type AttemptKind = 'confirm-sign-up' | 'resend-code' | 'forgot-password' | 'confirm-forgot-password' | 'change-password' | 'send-verification' | 'verify-attribute';

/** The per-hour limits Cognito documents (ConfirmForgotPassword's "5–20 by risk" taken at its low end). */
export const ATTEMPT_LIMITS: Record<AttemptKind, number> = {
  'confirm-sign-up': 15,
  'resend-code': 5,
  'forgot-password': 5,
  'confirm-forgot-password': 5,
  'change-password': 5,
  'send-verification': 5,
  'verify-attribute': 15,
};

const WINDOW_MS = 60 * 60 * 1000;

interface Counter {
  count: number;
  since: number;
}

const countersOf = (settings: UserSettings) => (settings.attempts as Record<string, Counter> | undefined) ?? {};

function current(services: Services, settings: UserSettings, kind: AttemptKind): Counter | undefined {
  const counter = countersOf(settings)[kind];
  return counter && services.clock.now() - counter.since < WINDOW_MS ? counter : undefined;
}

export const attemptLimitExceeded = () => err.limitExceeded('Attempt limit exceeded, please try after some time.');

/** LimitExceededException when the user has used up this hour's attempts. */
export function checkAttempts(services: Services, user: Pick<User, 'settings'>, kind: AttemptKind): void {
  if ((current(services, user.settings, kind)?.count ?? 0) >= ATTEMPT_LIMITS[kind]) throw attemptLimitExceeded();
}

/** The settings with one more attempt counted. */
export function settingsWithAttempt(services: Services, settings: UserSettings, kind: AttemptKind): UserSettings {
  const counter = current(services, settings, kind);
  const next: Counter = counter ? { count: counter.count + 1, since: counter.since } : { count: 1, since: services.clock.now() };
  return { ...settings, attempts: { ...countersOf(settings), [kind]: next } };
}

/** The settings without the counter, after the attempt it guarded succeeded. */
export function settingsWithoutAttempts(settings: UserSettings, kind: AttemptKind): UserSettings {
  const counters = { ...countersOf(settings) };
  delete counters[kind];
  return { ...settings, attempts: counters };
}

/**
 * Counts one attempt before it is made, refusing it when the hour's attempts are used up. The user's
 * row is locked while the count is read and written (one transaction), so parallel guesses queue up
 * and each sees the count the one before wrote: no more than the cap are ever judged, and they are
 * counted in the order they came, on any number of nodes. A success clears the count
 * (`settingsWithoutAttempts`). Returns the user as written.
 */
export async function reserveAttempt(services: Services, user: User, kind: AttemptKind): Promise<User> {
  const { store } = services;
  const settings = await store.transaction(async (trx) => {
    const row = await repo.findUserByKeyForUpdate(trx, user.poolId, user.usernameKey, store.engine);
    if (!row) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    const current = userFromRows(row, []);
    checkAttempts(services, current, kind);
    const next = settingsWithAttempt(services, current.settings, kind);
    await replaceUserSettings(trx, user.poolId, user.usernameKey, row.settings, next);
    return next;
  });
  return { ...user, settings };
}
