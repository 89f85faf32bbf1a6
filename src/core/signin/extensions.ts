import { PASSWORDLESS_FACTORS } from './passwordless.js';
import type { SignInState } from './session.js';
import type { ChallengeStep, SignInStep } from './steps.js';
import type { SignInContext } from './user.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

/**
 * The named places where what Cognate does not run yet will enter the sign-in engine (engine.ts):
 * Lambda triggers, external identity providers and passwordless first factors. The engine calls each
 * at its place, so adding one is filling in a function, not threading a new step through three
 * channels. A pool's UserMigration, PreAuthentication and PostAuthentication triggers fill theirs
 * (trigger-extensions.ts); the others are still empty (NO_EXTENSIONS).
 */
export interface SignInExtensions {
  /**
   * UserMigration trigger: a sign-in name that matches no user, with the password typed, before it is
   * reported as unknown. Returns the user created from the old system, or undefined (today: always).
   */
  migrateUser(ctx: SignInContext, typed: string, password: string): Promise<User | undefined>;
  /**
   * PreAuthentication trigger: before the first factor is judged; throws to refuse. `user` is
   * undefined for a name without a user (called then only when the client hides unknown users).
   */
  beforeFirstFactor(ctx: SignInContext, user: User | undefined, typed: string): Promise<void>;
  /**
   * A custom challenge after the first factor, before MFA, or undefined to go on (always today).
   * Cognito's CUSTOM_AUTH trio is not this: it is its own AuthFlow, driven by DefineAuthChallenge
   * from the start (custom-auth.ts).
   */
  customChallenge(ctx: SignInContext, user: User, authTime: number): Promise<SignInStep | undefined>;
  /** PostAuthentication trigger: the sign-in has succeeded and the channel is about to end it; throws to withhold it. */
  afterSignIn(ctx: SignInContext, user: User, newDeviceUsed: boolean): Promise<void>;
  /**
   * Passwordless first factors (EMAIL_OTP, SMS_OTP, WEB_AUTHN of USER_AUTH), by name: each starts
   * its own challenge and, once answered, hands the proven user to `engine.finish` (user-auth.ts):
   * as in Cognito, a passwordless first factor stands in for MFA.
   */
  firstFactors: Readonly<Record<string, FirstFactor>>;
}

/** A first factor other than the password (USER_AUTH, user-auth.ts): it opens its challenge, then judges the answer. */
export interface FirstFactor {
  /** Whether this user can use it now (a verified address to send a code to, a registered passkey). */
  usable(services: Services, pool: UserPool, user: User): Promise<boolean>;
  start(ctx: SignInContext, user: User, authTime: number): Promise<ChallengeStep>;
  /** Judges the answer to the challenge `start` opened; throws when it does not prove the user. */
  answer(ctx: SignInContext, state: SignInState, user: User, responses: Record<string, string>): Promise<void>;
}

export const NO_EXTENSIONS: SignInExtensions = {
  migrateUser: async () => undefined,
  beforeFirstFactor: async () => {},
  customChallenge: async () => undefined,
  afterSignIn: async () => {},
  // Cognito's own passwordless factors; a pool turns them on in SignInPolicy.AllowedFirstAuthFactors.
  firstFactors: PASSWORDLESS_FACTORS,
};
