import type { SignInState } from './session.js';
import { sessionExpiry } from './session.js';
import type { SignInContext } from './user.js';
import type { MfaChallengeName } from '../mfa/factors.js';
import type { User } from '../user/users.js';

/**
 * What one step of the sign-in engine (engine.ts) answers: the next challenge with the state to
 * continue from, or the finished sign-in. Channels turn a step into their own wire format (API
 * `Session` and `AuthenticationResult`, a hosted page, a token response).
 */

export type ChallengeName =
  | 'PASSWORD_VERIFIER'
  | 'NEW_PASSWORD_REQUIRED'
  | MfaChallengeName
  | 'DEVICE_SRP_AUTH'
  | 'DEVICE_PASSWORD_VERIFIER'
  | 'CUSTOM_CHALLENGE'
  | FirstFactorChallengeName;

/** USER_AUTH's challenges (user-auth.ts): the menu, and the first factors a user may choose (EMAIL_OTP is also an MFA challenge). */
export type FirstFactorChallengeName = 'SELECT_CHALLENGE' | 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** The key of a device the API client should remember, and the group its verifier is made in. */
export interface NewDevice {
  DeviceKey: string;
  DeviceGroupKey: string;
}

export interface ChallengeStep {
  kind: 'challenge';
  challengeName: ChallengeName;
  parameters: Record<string, string>;
  /** The state to continue from; absent for PASSWORD_VERIFIER, whose state travels in SECRET_BLOCK. */
  state?: SignInState;
  /** SELECT_CHALLENGE: the first factors the user may choose from. */
  availableChallenges?: FirstFactorChallengeName[];
}

export interface SignedInStep {
  kind: 'signed-in';
  user: User;
  /** Epoch seconds of the first factor. */
  authTime: number;
  /** The device the tokens are bound to (API channel only). */
  deviceKey?: string;
  /** A new device key for an API client that presented none, in a pool that tracks devices. */
  newDevice?: NewDevice;
}

export type SignInStep = ChallengeStep | SignedInStep;

/** Epoch seconds now: the `auth_time` of a sign-in whose first factor is proven now. */
export const nowSeconds = (ctx: SignInContext): number => Math.floor(ctx.services.clock.now() / 1000);

/** The state a challenge continues from: bound to the pool, client, channel, user and the password the user has now. */
export function challengeState(ctx: SignInContext, user: Pick<User, 'usernameKey' | 'sub' | 'passwordUpdatedAt'>, challengeName: string, authTime: number, extra: Partial<SignInState> = {}): SignInState {
  return {
    poolId: ctx.pool.Id,
    clientId: ctx.client.ClientId,
    usernameKey: user.usernameKey,
    sub: user.sub,
    challengeName,
    expiresAt: sessionExpiry(ctx.services, ctx.client.AuthSessionValidity),
    authTime,
    passwordUpdatedAt: user.passwordUpdatedAt ?? 0,
    ...(ctx.channel === 'hosted' ? { channel: 'hosted' as const } : {}),
    ...(ctx.admin ? { admin: true } : {}),
    ...(ctx.device ? { deviceKey: ctx.device.key } : {}),
    ...extra,
  };
}
