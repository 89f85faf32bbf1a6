import type { AuthenticationTokens, GetTokensFromRefreshTokenInput } from './types.js';
import { timingSafeEqual } from 'node:crypto';
import type { UserPoolClient } from '../client/clients.js';
import { clientSecrets } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import { refreshTokens, revokeRefreshToken } from './refresh.js';
import { publicClient } from '../client/caller.js';
import type { Services } from '../services.js';
import { authenticationResult } from './tokens.js';

/** The ClientId-authorised token operations: refreshing and revoking refresh tokens. */

const sameSecret = (expected: string, given: string) => {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Whether the given secret is one of the client's current secrets (two while a rotation is under way). */
const anySecret = (secrets: string[], given: string) => secrets.map((s) => sameSecret(s, given)).includes(true);

/** GetTokensFromRefreshToken: new ID and access tokens, and a new refresh token when the client rotates them. */
export async function getTokensFromRefreshToken(services: Services, input: GetTokensFromRefreshTokenInput): Promise<AuthenticationTokens> {
  const { client, pool } = await publicClient(services, input.ClientId!);
  const secrets = clientSecrets(services, client);
  if (secrets.length > 0) {
    if (input.ClientSecret === undefined) throw err.notAuthorized(`Client ${client.ClientId} is configured for secret but secret was not received`);
    if (!anySecret(secrets, input.ClientSecret)) throw err.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  }
  // The refresh token already carries the device it was issued to; ClientMetadata goes to PreTokenGeneration.
  const tokens = await refreshTokens(services, { pool, client, refreshToken: input.RefreshToken!, clientMetadata: input.ClientMetadata });
  return authenticationResult(tokens);
}

/**
 * RevokeToken: the refresh token's family (it, and every access and ID token issued from it) stops
 * working. Client authentication failures are UnauthorizedException, as the model declares; an
 * unknown token is not an error.
 */
export async function revokeToken(services: Services, input: { Token?: string; ClientId?: string; ClientSecret?: string }): Promise<void> {
  const client = await revocationClient(services, input.ClientId!);
  const secrets = clientSecrets(services, client);
  if (secrets.length > 0 && (input.ClientSecret === undefined || !anySecret(secrets, input.ClientSecret)))
    throw new CognitoError('UnauthorizedException', 'Client authentication failed.');
  if (looksLikeJwt(input.Token!)) throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
  await revokeRefreshToken(services, client, input.Token!);
}

async function revocationClient(services: Services, clientId: string): Promise<UserPoolClient> {
  try {
    return (await publicClient(services, clientId)).client;
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') throw new CognitoError('UnauthorizedException', 'Client authentication failed.');
    throw error;
  }
}

/** Access and ID tokens are three-part JWTs; refresh tokens are opaque (five parts here, as in Cognito). */
function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { token_use?: unknown };
    return payload.token_use === 'access' || payload.token_use === 'id';
  } catch {
    return false;
  }
}
