import type { UserPoolClient } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { IssueRequest, IssuedTokens } from './tokens.js';
import { hashRefreshToken, issueTokens, prepareTokens } from './tokens.js';
import * as repo from '../../store/tokens.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

type StoredRefreshToken = NonNullable<Awaited<ReturnType<typeof repo.findRefreshToken>>>;

/**
 * The stored refresh token and its user, each read at most once per request: the flows check a
 * client's SECRET_HASH or carry OAuth scopes from them before the refresh itself, which reads them too.
 */
export interface RefreshLookup {
  /** The token's digest, as stored. */
  readonly hash: string;
  row(): Promise<StoredRefreshToken | undefined>;
  /** The user the stored token names; called with the row `row()` gave. */
  user(row: StoredRefreshToken): Promise<User | undefined>;
}

export function refreshLookup(services: Services, pool: UserPool, refreshToken: string): RefreshLookup {
  let row: Promise<StoredRefreshToken | undefined> | undefined;
  let user: Promise<User | undefined> | undefined;
  const hash = hashRefreshToken(refreshToken);
  return {
    hash,
    row: () => (row ??= repo.findRefreshToken(services.store.db, hash)),
    user: (found) => (user ??= findUser(services, pool, found.username_key)),
  };
}

export interface RefreshRequest {
  pool: UserPool;
  client: UserPoolClient;
  refreshToken: string;
  /** OAuth scopes to carry over at the token endpoint; absent for the Cognito API. */
  oauthScopes?: string[];
  /** ClientMetadata of REFRESH_TOKEN_AUTH / GetTokensFromRefreshToken, for PreTokenGeneration. */
  clientMetadata?: Record<string, string>;
  /** What the caller has read already of this token; a new lookup otherwise. */
  lookup?: RefreshLookup;
}

/**
 * REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken and the refresh_token grant: new ID and access
 * tokens keeping `auth_time` and `origin_jti`; a new refresh token only when the client rotates them.
 *
 * Rotation has one winner: the token is claimed (marked replaced) in one conditional write before its
 * successor is issued, so parallel refreshes of one token cannot fork the family. The old token then
 * works again only within the client's RetryGracePeriodSeconds. Presented later than that, it is a
 * reuse (RFC 9700 §4.14.2) and revokes the whole family, the successor included, once the successor
 * exists; a request that lost the race while the winner was still being served is refused without
 * revoking, so the winner's answer stays good.
 */
export async function refreshTokens(services: Services, req: RefreshRequest): Promise<IssuedTokens & { username: string }> {
  const now = services.clock.now();
  const lookup = req.lookup ?? refreshLookup(services, req.pool, req.refreshToken);
  const { hash } = lookup;
  let row = await lookup.row();
  if (!row || row.pool_id !== req.pool.Id || row.client_id !== req.client.ClientId) throw err.notAuthorized('Invalid Refresh Token');
  if (row.revoked_at !== null) throw revoked();
  if (row.expires_at <= now) throw err.notAuthorized('Refresh Token has expired');
  const rotation = req.client.RefreshTokenRotation?.Feature === 'ENABLED';
  if (row.replaced_at !== null) await assertRetryAllowed(services, req.client, row, now);
  const user = await lookup.user(row);
  if (!user || user.usernameKey !== row.username_key) throw revoked();
  if (!user.enabled) throw err.userDisabled();
  const state = await repo.findSignInState(services.store.db, req.pool.Id, user.usernameKey);
  if (state?.tokens_valid_after && row.created_at < state.tokens_valid_after) throw revoked();

  const issue: IssueRequest = {
    pool: req.pool,
    client: req.client,
    user,
    authTime: Math.floor(row.auth_time),
    oauthScopes: req.oauthScopes,
    originJti: row.origin_jti,
    refreshToken: rotation,
    deviceKey: row.device_key ?? undefined,
    trigger: { source: 'TokenGeneration_RefreshTokens', clientMetadata: req.clientMetadata },
  };
  // PreTokenGeneration runs before rotation claims the token, so a failing function leaves it usable.
  const prepared = await prepareTokens(services, issue);
  let claimed = false;
  if (rotation && row.replaced_at === null) {
    claimed = await repo.claimRotation(services.store.db, hash, now);
    if (!claimed) {
      row = (await repo.findRefreshToken(services.store.db, hash)) ?? row;
      if (row.revoked_at !== null) throw revoked();
      if (row.replaced_at !== null) await assertRetryAllowed(services, req.client, row, now);
    }
  }
  const tokens = await issueTokens(services, issue, prepared);
  if (claimed) await repo.markRotated(services.store.db, hash, services.clock.now());
  return { ...tokens, username: user.username };
}

const revoked = () => err.notAuthorized('Refresh Token has been revoked');

/**
 * A token already replaced by rotation: a retry within the grace period is served; after it, a reuse
 * revokes the family — unless the successor is not stored yet, or the reuse comes within the
 * millisecond the token was claimed in: then it raced the winner, whose answer must not be spoiled.
 */
async function assertRetryAllowed(services: Services, client: UserPoolClient, row: { replaced_at: number | null; rotated_at?: number | null; origin_jti: string }, now: number): Promise<void> {
  const graceMs = (client.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
  const replacedAt = Number(row.replaced_at);
  if (graceMs > 0 && now - replacedAt <= graceMs) return;
  const rotatedAt = row.rotated_at ?? null;
  if (rotatedAt !== null && now > replacedAt) await repo.revokeFamily(services.store.db, row.origin_jti, now);
  throw new CognitoError('RefreshTokenReuseException', 'Refresh Token has been used already.');
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
