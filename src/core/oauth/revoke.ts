import { decodeJwt } from 'jose';
import { CognitoError } from '../errors.js';
import { authenticateClient } from './client-auth.js';
import { oauthError } from './errors.js';
import type { TokenRequest } from './token.js';
import { clientAuthInput, singleParams } from './token.js';
import type { UserPool } from '../pool/pools.js';
import { revokeRefreshToken } from '../token/refresh.js';
import type { Services } from '../services.js';

/** An access or ID token: only refresh tokens can be revoked here (cognito-wire.md §1.7). */
function isJwt(token: string): boolean {
  if (token.split('.').length !== 3) return false;
  try {
    return typeof decodeJwt(token).token_use === 'string';
  } catch {
    return false;
  }
}

/**
 * `POST /oauth2/revoke`: revokes a refresh token and every token issued from it. Unknown tokens
 * succeed silently (RFC 7009 §2.2).
 */
export async function revokeRequest(services: Services, pool: UserPool, req: TokenRequest): Promise<void> {
  const params = singleParams(req.body);
  const { client } = await authenticateClient(services, pool, clientAuthInput(req.authorization, params));
  const token = params.token;
  if (token === undefined) throw oauthError('invalid_request', 'Missing required parameter token');
  if (isJwt(token)) throw oauthError('unsupported_token_type', 'Only refresh tokens can be revoked.');
  try {
    await revokeRefreshToken(services, client, token);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'UnsupportedOperationException') throw oauthError('invalid_request', error.message);
    if (error instanceof CognitoError && error.type === 'NotAuthorizedException')
      throw oauthError('invalid_request', 'The token was not issued to this client.');
    throw error;
  }
}
