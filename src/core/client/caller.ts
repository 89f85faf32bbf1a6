import type { UserPoolClient } from './clients.js';
import { getClient } from './clients.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { AccessTokenSubject } from '../token/tokens.js';
import { authenticateAccessToken } from '../token/tokens.js';
import { checkSecretHash } from './secret-hash.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

/**
 * Who is calling a public (no-SigV4) operation: the app client named in the body, or the user an
 * access token belongs to.
 */

export interface PublicClient {
  client: UserPoolClient;
  pool: UserPool;
}

/** The app client and its pool; ResourceNotFoundException for an unknown client. */
export async function publicClient(services: Services, clientId: string): Promise<PublicClient> {
  const client = await getClient(services, clientId);
  return { client, pool: await getPool(services, client.UserPoolId) };
}

/**
 * The client, pool and user a ClientId-authorised operation names (the user may not exist), with its
 * SecretHash checked for the typed name or the internal username.
 */
export async function clientAndUser(
  services: Services,
  input: { ClientId?: string; Username?: string; SecretHash?: string },
): Promise<PublicClient & { user: User | undefined }> {
  const { client, pool } = await publicClient(services, input.ClientId!);
  const user = await findUser(services, pool, input.Username!);
  checkSecretHash(services, client, input.SecretHash, [input.Username, user?.username]);
  return { client, pool, user };
}

export const preventsUserExistenceErrors = (client: UserPoolClient) => client.PreventUserExistenceErrors === 'ENABLED';

/** What the ClientId-authorised operations say about an unknown user when existence errors are not prevented. */
export const unknownUserOfClient = () => new CognitoError('UserNotFoundException', 'Username/client id combination not found.');

/**
 * The signed-in user of an access-token operation. Besides the token checks (expired, revoked,
 * invalid, disabled or deleted user), users who must reset their password or are not confirmed are
 * refused as Cognito refuses them.
 */
export async function signedInUser(services: Services, accessToken: string): Promise<AccessTokenSubject> {
  const subject = await authenticateAccessToken(services, accessToken);
  if (subject.user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  if (subject.user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  return subject;
}

/** The app client the access token was issued to; a token of a deleted client is no longer valid. */
export async function clientOfToken(services: Services, subject: AccessTokenSubject): Promise<UserPoolClient> {
  const clientId = subject.claims.client_id;
  if (typeof clientId !== 'string') throw err.notAuthorized('Invalid Access Token');
  try {
    const client = await getClient(services, clientId);
    if (client.UserPoolId !== subject.pool.Id) throw err.notAuthorized('Invalid Access Token');
    return client;
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') throw err.notAuthorized('Invalid Access Token');
    throw error;
  }
}
