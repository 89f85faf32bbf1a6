import type { SignInStep } from './steps.js';
import type { SignInContext } from './user.js';
import type { User } from '../user/users.js';

/**
 * The named places where what Cognate does not run yet will enter the sign-in engine (engine.ts):
 * Lambda triggers, external identity providers and passwordless first factors. Every one is empty
 * today (NO_EXTENSIONS); the engine already calls each at its place, so adding one is filling in a
 * function, not threading a new step through three channels.
 */
export interface SignInExtensions {
  /**
   * UserMigration trigger: a sign-in name that matches no user, with the password typed, before it is
   * reported as unknown. Returns the user created from the old system, or undefined (today: always).
   */
  migrateUser(ctx: SignInContext, typed: string, password: string): Promise<User | undefined>;
  /** PreAuthentication trigger: a known user, before the first factor is judged; throws to refuse. */
  beforeFirstFactor(ctx: SignInContext, user: User): Promise<void>;
  /**
   * DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse: after the first factor,
   * a custom challenge to ask before MFA, or undefined to go on (today: always).
   */
  customChallenge(ctx: SignInContext, user: User, authTime: number): Promise<SignInStep | undefined>;
  /** PostAuthentication trigger: the sign-in has succeeded and the channel is about to end it. */
  afterSignIn(ctx: SignInContext, user: User): Promise<void>;
  /** PreTokenGeneration trigger: claims to add to (or suppress from) the tokens the channel issues. */
  tokenClaims(ctx: SignInContext, user: User): Promise<Record<string, string>>;
  /**
   * Passwordless first factors (EMAIL_OTP, SMS_OTP, WEB_AUTHN of USER_AUTH), by name: each starts
   * its own challenge and, once answered, hands the proven user to `engine.afterFirstFactor`.
   */
  firstFactors: Readonly<Record<string, FirstFactor>>;
}

/** A first factor other than the password. */
export interface FirstFactor {
  start(ctx: SignInContext, user: User): Promise<SignInStep>;
}

export const NO_EXTENSIONS: SignInExtensions = {
  migrateUser: async () => undefined,
  beforeFirstFactor: async () => {},
  customChallenge: async () => undefined,
  afterSignIn: async () => {},
  tokenClaims: async () => ({}),
  firstFactors: {},
};
