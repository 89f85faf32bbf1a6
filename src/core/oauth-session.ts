import type { SealedSecret } from '../crypto/seal.js';
import * as tokenRepo from '../store/tokens.js';
import type { UserPool } from './pools.js';
import type { Services } from './services.js';
import type { User } from './users.js';
import { findUser } from './users.js';

/**
 * The hosted UI's single sign-on session. It is stateless: the session is a sealed (AES-256-GCM)
 * value held in a cookie, bound to the pool by the sealing context, so any node can read it and
 * nothing needs cleaning up. It lasts one hour, as Cognito's does, and dies early when the user
 * signs out everywhere, is disabled or deleted (a new user of the same name has another `sub`),
 * changes password, or must reset it.
 */

/** The name Cognito's hosted UI is commonly reported to use. */
export const SSO_COOKIE_NAME = 'cognito';
export const SSO_SESSION_SECONDS = 3600;

const VERSION = 1;
const context = (poolId: string) => `sso-session:${poolId}`;

interface SessionPayload {
  v: number;
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

/** Seals a new session for a user who has just signed in; `authTime` is epoch seconds. */
export function createSsoSession(services: Services, pool: UserPool, user: User, authTime: number): SsoCookie {
  const now = services.clock.now();
  const payload: SessionPayload = { v: VERSION, k: user.usernameKey, sub: user.sub, at: Math.floor(authTime), iat: now, exp: now + SSO_SESSION_SECONDS * 1000 };
  return {
    cookieName: SSO_COOKIE_NAME,
    cookieValue: services.sealer.seal(JSON.stringify(payload), context(pool.Id)),
    maxAgeSeconds: SSO_SESSION_SECONDS,
  };
}

const VOIDING_STATUSES = new Set(['RESET_REQUIRED', 'FORCE_CHANGE_PASSWORD', 'UNCONFIRMED']);

/** The session's user and sign-in time, or undefined when the cookie is absent, forged, expired or void. */
export async function readSsoSession(services: Services, pool: UserPool, cookieValue: string | undefined): Promise<SsoSession | undefined> {
  if (!cookieValue) return undefined;
  let payload: SessionPayload;
  try {
    payload = JSON.parse(services.sealer.openString(cookieValue as SealedSecret, context(pool.Id))) as SessionPayload;
  } catch {
    return undefined;
  }
  const now = services.clock.now();
  if (payload.v !== VERSION || typeof payload.exp !== 'number' || payload.exp <= now || typeof payload.k !== 'string') return undefined;
  const user = await findUser(services, pool, payload.k);
  if (!user || user.usernameKey !== payload.k || user.sub !== payload.sub || !user.enabled || VOIDING_STATUSES.has(user.status)) return undefined;
  if (user.passwordUpdatedAt !== null && user.passwordUpdatedAt > payload.iat) return undefined;
  const state = await tokenRepo.findSignInState(services.store.db, pool.Id, user.usernameKey);
  if (state?.tokens_valid_after && Number(state.tokens_valid_after) >= payload.iat) return undefined;
  return { user, authTime: payload.at };
}
