import type { UserPoolClient } from './clients.js';
import { CognitoError, err } from './errors.js';
import type { UserPool } from './pools.js';
import type { Services } from './services.js';
import type { IssuedTokens } from './tokens.js';
import { hashRefreshToken, issueTokens } from './tokens.js';
import * as repo from '../store/tokens.js';
import { findUser } from './users.js';

export interface RefreshRequest {
  pool: UserPool;
  client: UserPoolClient;
  refreshToken: string;
  /** OAuth scopes to carry over at the token endpoint; absent for the Cognito API. */
  oauthScopes?: string[];
}

/**
 * REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken and the refresh_token grant: new ID and access
 * tokens keeping `auth_time` and `origin_jti`; a new refresh token only when the client rotates them,
 * in which case the old one keeps working for the client's grace period and is then refused.
 */
export async function refreshTokens(services: Services, req: RefreshRequest): Promise<IssuedTokens & { username: string }> {
  const now = services.clock.now();
  const row = await repo.findRefreshToken(services.store.db, hashRefreshToken(req.refreshToken));
  if (!row || row.pool_id !== req.pool.Id || row.client_id !== req.client.ClientId) throw err.notAuthorized('Invalid Refresh Token');
  if (row.revoked_at !== null) throw err.notAuthorized('Refresh Token has been revoked');
  if (row.expires_at <= now) throw err.notAuthorized('Refresh Token has expired');
  const rotation = req.client.RefreshTokenRotation?.Feature === 'ENABLED';
  if (row.replaced_at !== null) {
    const graceMs = (req.client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
    if (now - row.replaced_at > graceMs) throw new CognitoError('RefreshTokenReuseException', 'Refresh Token has been used already.');
  }
  const user = await findUser(services, req.pool, row.username_key);
  if (!user || user.usernameKey !== row.username_key) throw err.notAuthorized('Refresh Token has been revoked');
  if (!user.enabled) throw err.notAuthorized('User is disabled.');
  const state = await repo.findSignInState(services.store.db, req.pool.Id, user.usernameKey);
  if (state?.tokens_valid_after && row.created_at < state.tokens_valid_after) throw err.notAuthorized('Refresh Token has been revoked');

  const tokens = await issueTokens(services, {
    pool: req.pool,
    client: req.client,
    user,
    authTime: Math.floor(row.auth_time),
    oauthScopes: req.oauthScopes,
    originJti: row.origin_jti,
    refreshToken: rotation,
    deviceKey: row.device_key ?? undefined,
  });
  if (rotation) await repo.markReplaced(services.store.db, row.token_hash, now);
  return { ...tokens, username: user.username };
}

/**
 * RevokeToken and /oauth2/revoke: voids the refresh token's family, with every access and ID token
 * issued from it. Unknown tokens are not an error (RFC 7009); another client's token is.
 */
export async function revokeRefreshToken(services: Services, client: UserPoolClient, refreshToken: string): Promise<void> {
  if (client.EnableTokenRevocation === false)
    throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this client.');
  const row = await repo.findRefreshToken(services.store.db, hashRefreshToken(refreshToken));
  if (!row) return;
  if (row.client_id !== client.ClientId) throw err.notAuthorized('Invalid Refresh Token');
  await repo.revokeFamily(services.store.db, row.origin_jti, services.clock.now());
}
