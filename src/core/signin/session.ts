import type { SealedSecret } from '../../crypto/seal.js';
import { err } from '../errors.js';
import type { Services } from '../services.js';

/**
 * The one sealed form of a sign-in in progress (engine.ts). The API sends it as the challenge's
 * `Session`, the hosted pages keep it in their sign-in cookie: both carry the same sealed state,
 * opened by the same function. Sessions are stateless: the whole state travels sealed (AES-256-GCM)
 * in the string the client sends back, so any node can continue a sign-in and nothing needs
 * cleaning up when a user walks away.
 */
export interface SignInState {
  poolId: string;
  clientId: string;
  /** The user's lookup key (internal username, lower-cased in case-insensitive pools). */
  usernameKey: string;
  /** The user's sub: a user deleted and created again under the same name is another user. */
  sub?: string;
  /** The step this state waits for: a challenge name, or a channel's own step (the hosted `SIGNED_UP`). */
  challengeName: string;
  /** Epoch ms after which the state is refused. */
  expiresAt: number;
  /** Epoch seconds of the first factor, kept for the tokens' and the SSO session's `auth_time`. */
  authTime?: number;
  /** The state dies with the password it was opened under (a password change or reset ends it). */
  passwordUpdatedAt?: number;
  /** The DEVICE_KEY of the password step, or the device being proven (device/signin.ts). */
  deviceKey?: string;
  /** The channel that opened it; a state is continued only through the channel that opened it. */
  channel?: 'hosted';
  /** Whether the flow started through the Admin* operations. */
  admin?: boolean;
  /** The MFA challenge's parameters (where a code went, the factors offered), for a page shown again. */
  parameters?: Record<string, string>;
  /** Set by VerifySoftwareToken when a TOTP authenticator was verified during MFA_SETUP. */
  mfaSetupVerified?: boolean;
  /** The factor chosen in SELECT_MFA_TYPE. */
  selectedMfa?: string;
  /** When the current challenge's code was sent (SMS/e-mail MFA). */
  codeIssuedAt?: number;
  /** MFA_SETUP on the hosted pages: the authenticator secret associated for this sign-in, shown again after a wrong code. */
  totpSecret?: string;
  /** A CUSTOM_AUTH sign-in's answered challenges and open challenge (custom-auth.ts). */
  custom?: {
    history: { challengeName: string; challengeResult: boolean; challengeMetadata?: string }[];
    srpA?: string;
    privateParameters?: Record<string, string>;
    challengeMetadata?: string;
  };
  /**
   * A state that must fail every answer, like a wrong password (PreventUserExistenceErrors): a custom
   * sign-in of a name that matches no user (custom-auth.ts), whose functions run with `userNotFound`.
   */
  fake?: boolean;
  /** USER_AUTH: the passwordless first factor this state waits for (EMAIL_OTP, SMS_OTP, WEB_AUTHN; user-auth.ts). */
  firstFactor?: string;
  /** WEB_AUTHN: the challenge the assertion must sign (base64url). */
  webAuthnChallenge?: string;
  /** Sign-in after sign-up: the nonce that makes the SignUp or ConfirmSignUp Session single-use (after-sign-up.ts). */
  signUpNonce?: string;
  /** Filler rounding a custom sign-in's state to a fixed step of length, so the Session's size tells nothing (custom-auth.ts). */
  pad?: string;
}

/** The name the MFA code (mfa/totp.ts) knows the state by. */
export type AuthSessionPayload = SignInState;

const CONTEXT = 'auth-session';
const VERSION = 2;

/** Cognito's default AuthSessionValidity, in minutes. */
export const DEFAULT_SESSION_MINUTES = 3;

/** Seals a state into the opaque string (20–2048 characters, as the API's model requires of `Session`). */
export function sealSession(services: Services, payload: SignInState): string {
  const sealed = services.sealer.seal(JSON.stringify({ v: VERSION, ...payload }), CONTEXT);
  if (sealed.length > 2048) throw new Error('Auth session grew beyond 2048 characters');
  return sealed;
}

/** The expiry of a state opened now for a client with the given AuthSessionValidity (minutes). */
export function sessionExpiry(services: Services, authSessionValidity: number | undefined): number {
  return services.clock.now() + (authSessionValidity ?? DEFAULT_SESSION_MINUTES) * 60_000;
}

/**
 * Opens a sealed state. Anything that fails to open, is expired or belongs to another client gets
 * Cognito's "Invalid session for the user, session is expired." (NotAuthorizedException).
 */
export function openSession(services: Services, session: string, expectedClientId?: string): SignInState {
  let payload: SignInState & { v?: number };
  try {
    payload = JSON.parse(services.sealer.openString(session as SealedSecret, CONTEXT)) as SignInState & { v?: number };
  } catch {
    throw err.sessionExpired();
  }
  if (payload.v !== VERSION || typeof payload.expiresAt !== 'number') throw err.sessionExpired();
  if (services.clock.now() >= payload.expiresAt) throw err.sessionExpired();
  if (expectedClientId !== undefined && payload.clientId !== expectedClientId) throw err.sessionExpired();
  const { v: _v, ...rest } = payload;
  return rest;
}
