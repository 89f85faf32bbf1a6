import { decodeJwt } from 'jose';
import type { UserPoolClient } from '../client/clients.js';
import { oauthError } from './errors.js';
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
 * `POST /oauth2/revoke` for an authenticated client: revokes a refresh token and every token issued
 * from it. Unknown tokens succeed silently (RFC 7009 §2.2); a token of another client or a client
 * without revocation raises the core's CognitoError, which the adapter maps.
 */
export async function revokeClientToken(services: Services, client: UserPoolClient, token: string): Promise<void> {
  if (isJwt(token)) throw oauthError('unsupported_token_type', 'Only refresh tokens can be revoked.');
  await revokeRefreshToken(services, client, token);
}
