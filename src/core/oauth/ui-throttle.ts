import { createHash } from 'node:crypto';
import * as repo from '../../store/ui-throttle.js';
import type { Services, UiRateLimit } from '../services.js';

/**
 * The hosted UI's throttle on form posts, in two fixed one-minute windows counted in the store (so
 * every node sharing a PostgreSQL database sees the same counts):
 *
 * - a budget per IP address and user (the username a form names, or the sign-in in progress), which
 *   counts what an attacker needs many of: failed posts (a wrong password, code or username) and
 *   posts that send a message or create an account. A step that succeeds and moves the sign-in on
 *   gives its count back, so a test suite may sign the same user in as often as it likes, while
 *   someone guessing one user's password or codes from one address is stopped after a few tries.
 * - a much higher ceiling per IP address on every post, which stops a flood that spreads over many
 *   usernames (password spraying, message bombing) from one address.
 *
 * The attempt is counted before the form is judged, so parallel guesses cannot slip past the budget.
 * The per-user lockout (signin/lockout.ts) works on its own, across addresses.
 */

export type { UiRateLimit };

/**
 * 10 a minute per address and user: twice the lockout's five failures, so a person mistyping is told
 * by the lockout first, while code guessing and "send me a code" floods stop at 10 a minute.
 * 1,000 a minute per address: ten times a CI suite that signs in 100 times a minute (every sign-in
 * is one post, two with MFA), yet a flood from one address is held to about 17 posts a second.
 */
export const DEFAULT_UI_RATE_LIMIT: UiRateLimit = { perUser: 10, perIp: 1000 };

export const UI_THROTTLE_WINDOW_MS = 60_000;
/** Old windows are deleted at most this often per process. */
const SWEEP_INTERVAL_MS = 60_000;
const lastSweep = new WeakMap<Services, number>();

/** Who is posting: the pool, the client's IP address, and the user the post is about ('' when none). */
export interface UiPoster {
  poolId: string;
  ip: string;
  subject: string;
}

export type UiReservation =
  | { allowed: true; refund: () => Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

// Hashed: the key has a fixed size and shape whatever a client sends as a username.
const bucketOf = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url');

/** Counts one post against both limits; when either is exceeded the post must not be judged. */
export async function reserveUiPost(services: Services, limits: UiRateLimit, poster: UiPoster): Promise<UiReservation> {
  const now = services.clock.now();
  const windowStart = now - (now % UI_THROTTLE_WINDOW_MS);
  const denied = { allowed: false as const, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + UI_THROTTLE_WINDOW_MS - now) / 1000)) };
  await sweep(services, now, windowStart);
  const db = services.store.db;
  if (limits.perIp > 0 && (await repo.hit(db, bucketOf('ip', poster.poolId, poster.ip), windowStart)) > limits.perIp) return denied;
  if (limits.perUser <= 0) return { allowed: true, refund: async () => undefined };
  const userBucket = bucketOf('user', poster.poolId, poster.ip, poster.subject.toLowerCase());
  if ((await repo.hit(db, userBucket, windowStart)) > limits.perUser) return denied;
  return { allowed: true, refund: async () => void (await repo.refund(db, userBucket, windowStart)) };
}

async function sweep(services: Services, now: number, windowStart: number): Promise<void> {
  const last = lastSweep.get(services);
  if (last !== undefined && now - last < SWEEP_INTERVAL_MS && now >= last) return;
  lastSweep.set(services, now);
  await repo.deleteWindowsBefore(services.store.db, windowStart);
}

/** Reads `--ui-rate-limit` / `--ui-ip-rate-limit` style values: a whole number of posts a minute, 0 for off. */
export function parseRateLimit(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number of posts a minute (0 turns it off), got ${value}`);
  return n;
}
