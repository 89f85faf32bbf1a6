import type { UserPoolClient } from '../client/clients.js';
import { invalidateClient } from '../client/invalidate.js';
import * as clientRepo from '../../store/clients.js';
import { findSignInUser, incorrectCredentials } from '../signin/user.js';
import { CognitoError, err } from '../errors.js';
import { recordSuccessfulSignIn } from '../signin/lockout.js';
import { OAuthError, oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { checkPasswordSignIn } from '../signin/password.js';
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
  const row = await clientRepo.findClient(services.store.db, clientId);
  if (!row) throw err.clientNotFound(clientId);
  const config = JSON.parse(row.config_json) as { CognateExtensions?: UserPoolClient['CognateExtensions'] };
  config.CognateExtensions = { ...config.CognateExtensions, AllowPasswordGrant: allowed };
  await clientRepo.updateClientConfig(services.store.db, row.id, row.name, JSON.stringify(config), Number(row.updated_at));
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
 * The user a username and password sign in, by the rules of the API's password sign-in (the same
 * helpers): sign-in names only, account state reported before the password is looked at, lockout
 * after repeated failures; and no way around a new-password or MFA challenge, which the grant
 * cannot answer.
 */
export async function signInWithPassword(services: Services, pool: UserPool, username: string, password: string): Promise<User> {
  const found = await findSignInUser(services, pool, username);
  const user = await asInvalidGrant(() => checkPasswordSignIn(services, pool, found, username, password, incorrectCredentials));
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw oauthError('invalid_grant', 'The user must set a new password, which the password grant cannot do.');
  const mfa = pool.MfaConfiguration ?? 'OFF';
  if (mfa === 'ON' || (mfa === 'OPTIONAL' && ((user.settings.UserMFASettingList ?? []).length > 0 || (user.settings.MFAOptions ?? []).length > 0)))
    throw oauthError('invalid_grant', 'The user must answer an MFA challenge, which the password grant cannot do.');
  await recordSuccessfulSignIn(services, pool.Id, user.usernameKey);
  return user;
}
