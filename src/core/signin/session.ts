import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { SealedSecret } from '../../crypto/seal.js';
import { err } from '../errors.js';
import type { Services } from '../services.js';

/**
 * What a challenge `Session` carries between sign-in steps. Sessions are stateless: the whole state
 * travels sealed (AES-256-GCM) in the string the client sends back, so any node can continue a
 * sign-in and nothing needs cleaning up when a user walks away.
 */
export interface AuthSessionPayload {
  poolId: string;
  clientId: string;
  /** The user's lookup key (internal username, lower-cased in case-insensitive pools). */
  usernameKey: string;
  /** The challenge this session answers. */
  challengeName: string;
  /** Epoch ms after which the session is refused. */
  expiresAt: number;
  /** Epoch seconds of the password step, kept for the tokens' `auth_time`. */
  authTime?: number;
  /** Set by VerifySoftwareToken when a TOTP authenticator was verified during MFA_SETUP. */
  mfaSetupVerified?: boolean;
  /** The factor chosen in SELECT_MFA_TYPE. */
  selectedMfa?: string;
  /** When the current challenge's code was sent (SMS/e-mail MFA). */
  codeIssuedAt?: number;
  /** Whether the flow started through the Admin* operations. */
  admin?: boolean;
  /** A session that must fail every answer, like a wrong password (PreventUserExistenceErrors). */
  fake?: boolean;
  /** Free-form flags other steps may add. */
  flags?: Record<string, string | number | boolean>;
}

const CONTEXT = 'auth-session';
const VERSION = 1;

/** Cognito's default AuthSessionValidity, in minutes. */
export const DEFAULT_SESSION_MINUTES = 3;

const expired = () => err.notAuthorized('Invalid session for the user, session is expired.');

/** Seals a session payload into the opaque `Session` string (20–2048 characters, as the model requires). */
export function sealSession(services: Services, payload: AuthSessionPayload): string {
  const sealed = services.sealer.seal(JSON.stringify({ v: VERSION, ...payload }), CONTEXT);
  if (sealed.length > 2048) throw new Error('Auth session grew beyond 2048 characters');
  return sealed;
}

/** The expiry of a session opened now for a client with the given AuthSessionValidity (minutes). */
export function sessionExpiry(services: Services, authSessionValidity: number | undefined): number {
  return services.clock.now() + (authSessionValidity ?? DEFAULT_SESSION_MINUTES) * 60_000;
}

/**
 * Opens a `Session` string. Anything that fails to open, is expired or belongs to another client
 * gets Cognito's "Invalid session for the user, session is expired." (NotAuthorizedException).
 */
export function openSession(services: Services, session: string, expectedClientId?: string): AuthSessionPayload {
  let payload: AuthSessionPayload & { v?: number };
  try {
    payload = JSON.parse(services.sealer.openString(session as SealedSecret, CONTEXT)) as AuthSessionPayload & { v?: number };
  } catch {
    throw expired();
  }
  if (payload.v !== VERSION || typeof payload.expiresAt !== 'number') throw expired();
  if (services.clock.now() >= payload.expiresAt) throw expired();
  if (expectedClientId !== undefined && payload.clientId !== expectedClientId) throw expired();
  const { v: _v, ...rest } = payload;
  return rest;
}

/** What a sign-in step answers: the next challenge with its session, or the finished sign-in's tokens. */
export interface AuthOutcome {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}
