import type { RequestOrigin } from '../events/origin.js';
import { eventOrigin } from '../events/origin.js';
import type { UserPoolClient } from '../client/clients.js';
import { invalidateClient } from '../client/invalidate.js';
import * as clientRepo from '../../store/clients.js';
import { signInWithPassword as engineSignIn } from '../signin/engine.js';
import type { SignInContext } from '../signin/user.js';
import { CognitoError, err } from '../errors.js';
import { OAuthError, oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

/**
 * Cognate's resource-owner password grant (`grant_type=password`). Cognito has no such grant and
 * RFC 9700 §2.4 forbids it in production; it exists only so that test suites can get user tokens
 * from the token endpoint without a browser, and only for clients a seed marks with
 * `CognateAllowPasswordGrant: true`. Every other client gets `unsupported_grant_type`, as in Cognito.
 */

export const passwordGrantAllowed = (client: UserPoolClient): boolean => client.CognateExtensions?.AllowPasswordGrant === true;

/** Turns the extension on or off; it is stored with the client's configuration and never described. */
export async function setPasswordGrantAllowed(services: Services, clientId: string, allowed: boolean): Promise<void> {
  if (!(await clientRepo.mergeClientExtensions(services.store.db, clientId, { AllowPasswordGrant: allowed }))) throw err.clientNotFound(clientId);
  invalidateClient(services, clientId);
}

/** A Cognito sign-in error, as the token endpoint reports it. */
async function asInvalidGrant<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof CognitoError) throw new OAuthError('invalid_grant', error.message);
    throw error;
  }
}

/**
 * The password grant's channel of the sign-in engine (signin/engine.ts): the user a username and
 * password sign in, by the same rules as every other sign-in (sign-in names only, account state before
 * the password, lockout, the pool's MFA setting and the factors it allows). Its ending allows no
 * challenge: a new-password or MFA step, which the grant cannot answer, is an error.
 */
export async function signInWithPassword(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  username: string,
  password: string,
  origin?: RequestOrigin,
): Promise<User> {
  const ctx: SignInContext = { services, pool, client, channel: 'password-grant', admin: false, ...(origin ? { origin: eventOrigin(origin, client) } : {}) };
  const step = await asInvalidGrant(() => engineSignIn(ctx, username, password));
  if (step.kind === 'signed-in') return step.user;
  if (step.challengeName === 'NEW_PASSWORD_REQUIRED') throw oauthError('invalid_grant', 'The user must set a new password, which the password grant cannot do.');
  throw oauthError('invalid_grant', 'The user must answer an MFA challenge, which the password grant cannot do.');
}
