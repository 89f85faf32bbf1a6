import { err } from './errors.js';
import { updateUserSettings } from './mfa-settings.js';
import type { Services } from './services.js';
import type { User, UserSettings } from './users.js';

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
 * Counts one attempt before it is made, refusing it when the hour's attempts are used up. The count
 * is written with a compare-and-set, so parallel guesses cannot all slip under the cap; a success
 * clears it (`settingsWithoutAttempts`). Returns the user as written.
 */
export function reserveAttempt(services: Services, user: User, kind: AttemptKind): Promise<User> {
  return updateUserSettings(services, user, (current) => {
    checkAttempts(services, current, kind);
    return settingsWithAttempt(services, current.settings, kind);
  });
}
