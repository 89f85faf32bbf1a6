import type { UserPoolClient } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import { passwordPolicy } from '../user/password-policy.js';
import type { EventOrigin } from '../events/origin.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { findUser, usernameKeyOf } from '../user/users.js';

/**
 * The channels that drive the sign-in engine (engine.ts): the Cognito API, the hosted sign-in pages,
 * and Cognate's OAuth password grant.
 */
export type SignInChannel = 'api' | 'hosted' | 'password-grant';

/** What every sign-in step knows: the pool, the app client, the channel, and whether the Admin* operations are in use. */
export interface SignInContext {
  services: Services;
  pool: UserPool;
  client: UserPoolClient;
  channel: SignInChannel;
  admin: boolean;
  /** The caller's ClientMetadata, for the Lambda triggers of this step. */
  clientMetadata?: Record<string, string>;
  /** Where the request came from, for the auth events of this sign-in. */
  origin?: EventOrigin;
  /** The remembered-device key the client presented (DEVICE_KEY), and whether it passed device SRP (device/signin.ts). */
  device?: { key: string; proven: boolean };
  /**
   * This request's password check handed its attempt back and left no failure counted: the sign-in's
   * end (finish) has no count to clear, and saves the statement. A later request (an MFA answer) starts without it.
   */
  failuresCleared?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const incorrectCredentials = () => err.notAuthorized('Incorrect username or password.');

/**
 * The user a sign-in names, by username or sign-in alias. Cognito does not accept the `sub` as a
 * sign-in name (unless it is the username, as in e-mail/phone-as-username pools), though the Admin*
 * lookups do, so a match on the sub alone is no match here.
 */
export async function findSignInUser(services: Services, pool: UserPool, typed: string): Promise<User | undefined> {
  const user = await findUser(services, pool, typed, services.store.db, { evenly: true });
  if (!user) return undefined;
  if (UUID.test(typed) && user.sub === typed.toLowerCase() && user.usernameKey !== usernameKeyOf(pool, typed)) return undefined;
  return user;
}

/** Whether the USERNAME of a later step names the same user as the step before (by any sign-in name). */
export async function namesSameUser(ctx: SignInContext, user: User, given: string): Promise<boolean> {
  if (given === user.username || usernameKeyOf(ctx.pool, given) === user.usernameKey) return true;
  const found = await findSignInUser(ctx.services, ctx.pool, given);
  return found?.usernameKey === user.usernameKey;
}

/**
 * An unknown user, as the client's PreventUserExistenceErrors setting says to report it. The password
 * grant always hides it: its error goes to whoever holds the client id.
 */
export function unknownUser(ctx: SignInContext): CognitoError {
  const conceal = ctx.channel === 'password-grant' || ctx.client.PreventUserExistenceErrors === 'ENABLED';
  return conceal ? incorrectCredentials() : err.userNotFound();
}

/** A required member of AuthParameters or ChallengeResponses, with Cognito's message when it is missing. */
export function requiredParameter(params: Record<string, string> | undefined, name: string): string {
  const value = params?.[name];
  if (value === undefined || value === '') throw err.invalidParameter(`Missing required parameter ${name}`);
  return value;
}

/**
 * The account-state checks Cognito makes before it looks at the password: a disabled account, an
 * unconfirmed one (reported even with a wrong password), one whose password an administrator reset.
 */
export function assertUserCanSignIn(user: User): void {
  if (!user.enabled) throw err.userDisabled();
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
}

/** After a correct temporary password: it only works for the pool's TemporaryPasswordValidityDays. */
export function assertTemporaryPasswordValid(services: Services, pool: UserPool, user: User): void {
  if (user.status !== 'FORCE_CHANGE_PASSWORD') return;
  const setAt = user.passwordUpdatedAt ?? user.createdAt;
  const validMs = passwordPolicy(pool).TemporaryPasswordValidityDays * 86_400_000;
  if (services.clock.now() > setAt + validMs) {
    throw err.notAuthorized('Temporary password has expired and must be reset by an administrator.');
  }
}
