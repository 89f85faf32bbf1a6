import { createHash } from 'node:crypto';
import type { SealedSecret } from '../../crypto/seal.js';
import type { Executor } from '../../store/database.js';
import * as repo from '../../store/sso-sessions.js';
import * as tokenRepo from '../../store/tokens.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

/**
 * The hosted UI's single sign-on session. The cookie is a sealed (AES-256-GCM) value bound to the pool
 * by the sealing context, and it names a session row in the store by a random id: any node can read
 * it, and /logout, global sign-out, disabling or deleting the user end it on every node, since each
 * use reads the row (no node caches whether a session is valid). It lasts one hour, as Cognito's
 * does, and dies early too when the user changes password or must reset it, or when a new user of
 * the same name (another `sub`) takes the place of the one who signed in.
 */

/** The name Cognito's hosted UI is commonly reported to use. */
export const SSO_COOKIE_NAME = 'cognito';
export const SSO_SESSION_SECONDS = 3600;

// 2: the session id and its row; cookies of version 1 (stateless) are no longer honoured.
const VERSION = 2;
const context = (poolId: string) => `sso-session:${poolId}`;
const hashSessionId = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/** Housekeeping of expired rows runs at most this often per process, and deletes at most this many at once. */
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 1000;
const lastSweep = new WeakMap<Services, number>();

interface SessionPayload {
  v: number;
  /** Random id of the session row (only its hash is stored). */
  sid: string;
  /** Lookup key and sub together identify this very user, not a later one of the same name. */
  k: string;
  sub: string;
  /** Epoch seconds of the sign-in. */
  at: number;
  /** Epoch ms the session was created and expires. */
  iat: number;
  exp: number;
}

export interface SsoCookie {
  cookieName: string;
  cookieValue: string;
  maxAgeSeconds: number;
}

export interface SsoSession {
  user: User;
  /** Epoch seconds of the sign-in the session remembers. */
  authTime: number;
}

/** Starts a session for a user who has just signed in and seals its cookie; `authTime` is epoch seconds. */
export async function createSsoSession(services: Services, pool: UserPool, user: User, authTime: number): Promise<SsoCookie> {
  const now = services.clock.now();
  await sweepExpired(services, now);
  const sid = services.random.bytes(32).toString('base64url');
  const exp = now + SSO_SESSION_SECONDS * 1000;
  await repo.insertSsoSession(services.store.db, {
    session_hash: hashSessionId(sid),
    pool_id: pool.Id,
    username_key: user.usernameKey,
    sub: user.sub,
    created_at: now,
    expires_at: exp,
    revoked_at: null,
  });
  const payload: SessionPayload = { v: VERSION, sid, k: user.usernameKey, sub: user.sub, at: Math.floor(authTime), iat: now, exp };
  return {
    cookieName: SSO_COOKIE_NAME,
    cookieValue: services.sealer.seal(JSON.stringify(payload), context(pool.Id)),
    maxAgeSeconds: SSO_SESSION_SECONDS,
  };
}

const VOIDING_STATUSES = new Set(['RESET_REQUIRED', 'FORCE_CHANGE_PASSWORD', 'UNCONFIRMED']);

/** The cookie's payload when it is this pool's, well formed and not past its expiry. */
function openCookie(services: Services, pool: UserPool, cookieValue: string | undefined): SessionPayload | undefined {
  if (!cookieValue) return undefined;
  let payload: SessionPayload;
  try {
    payload = JSON.parse(services.sealer.openString(cookieValue as SealedSecret, context(pool.Id))) as SessionPayload;
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || payload.v !== VERSION) return undefined;
  if (typeof payload.sid !== 'string' || typeof payload.k !== 'string' || typeof payload.sub !== 'string') return undefined;
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || typeof payload.at !== 'number') return undefined;
  return payload.exp > services.clock.now() ? payload : undefined;
}

/** The session's user and sign-in time, or undefined when the cookie is absent, forged, expired, ended or void. */
export async function readSsoSession(services: Services, pool: UserPool, cookieValue: string | undefined): Promise<SsoSession | undefined> {
  const payload = openCookie(services, pool, cookieValue);
  if (!payload) return undefined;
  const now = services.clock.now();
  const row = await repo.findSsoSession(services.store.db, hashSessionId(payload.sid));
  if (!row || row.pool_id !== pool.Id || row.revoked_at !== null || Number(row.expires_at) <= now) return undefined;
  if (row.username_key !== payload.k || row.sub !== payload.sub) return undefined;
  const user = await findUser(services, pool, payload.k);
  if (!user || user.usernameKey !== payload.k || user.sub !== payload.sub || !user.enabled || VOIDING_STATUSES.has(user.status)) return undefined;
  if (user.passwordUpdatedAt !== null && user.passwordUpdatedAt > payload.iat) return undefined;
  const state = await tokenRepo.findSignInState(services.store.db, pool.Id, user.usernameKey);
  if (state?.tokens_valid_after && Number(state.tokens_valid_after) >= payload.iat) return undefined;
  return { user, authTime: payload.at };
}

/** Ends the session a cookie names (/logout), for every node; a cookie that names none is ignored. */
export async function endSsoSession(services: Services, pool: UserPool, cookieValue: string | undefined): Promise<void> {
  const payload = openCookie(services, pool, cookieValue);
  if (payload) await repo.revokeSsoSession(services.store.db, pool.Id, hashSessionId(payload.sid), services.clock.now());
}

/** Ends every session of a user (global sign-out, disabling); pass the transaction the change runs in. */
export async function endUserSsoSessions(services: Services, db: Executor, poolId: string, usernameKey: string): Promise<void> {
  await repo.revokeUserSsoSessions(db, poolId, usernameKey, services.clock.now());
}

/** Deletes expired sessions, at most once a minute per process and a bounded batch at a time. */
async function sweepExpired(services: Services, now: number): Promise<void> {
  const last = lastSweep.get(services);
  if (last !== undefined && now - last < SWEEP_INTERVAL_MS && now >= last) return;
  lastSweep.set(services, now);
  await repo.deleteExpiredSsoSessions(services.store.db, now, SWEEP_BATCH);
}
