import type { AuthenticationTokens } from './types.js';
import { createHash } from 'node:crypto';
import { pooledRandomBytes } from '../../crypto/random-pool.js';
import type { JWTPayload } from 'jose';
import type { ParsedJws } from '../../crypto/jwt.js';
import { JwtRejected, parseJws, signRs256 } from '../../crypto/jwt.js';
import * as repo from '../../store/tokens.js';
import { findTokenSubject } from '../../store/users.js';
import type { UserPoolClient } from '../client/clients.js';
import { clientTokenValidity } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import { groupsForToken } from '../user/groups.js';
import { issuerOf } from './issuer.js';
import { rememberToken, rememberedToken } from './parsed-tokens.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { activeKey, verifyPoolToken } from '../keys/signing-keys.js';
import type { User } from '../user/users.js';
import { userFromRows, usernameKeyOf } from '../user/users.js';
import type { GroupConfiguration, TokenCustomization, TokenTrigger } from '../trigger/pre-token-generation.js';
import { applyClaimEdits, applyScopeEdits, groupClaims, runPreTokenGeneration } from '../trigger/pre-token-generation.js';

/** The scope of every access token from the Cognito API (InitiateAuth and friends). */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export interface IssueRequest {
  pool: UserPool;
  client: UserPoolClient;
  user: User;
  /** Seconds; kept across refreshes. */
  authTime: number;
  /** OAuth scopes granted at the hosted UI / token endpoint; absent for the Cognito API. */
  oauthScopes?: string[];
  nonce?: string;
  /** Set when refreshing: the family the new tokens belong to. */
  originJti?: string;
  /** Whether to mint a refresh token (API sign-in and the code grant do; refresh without rotation and implicit do not). */
  refreshToken: boolean;
  deviceKey?: string;
  /** Where the tokens are issued, for the PreTokenGeneration trigger's event. */
  trigger: TokenTrigger;
}

export interface IssuedTokens {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn: number;
  originJti: string;
}

const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);
const NUMBER_ATTRIBUTES = new Set(['updated_at']);

/**
 * The user's attributes the client may read, as ID-token claims: Cognito writes the verified flags
 * as booleans and `updated_at` as a number, and every custom attribute as a string.
 */
export function readableClaims(client: UserPoolClient, user: User): Record<string, unknown> {
  const readable = client.ReadAttributes ? new Set(client.ReadAttributes) : undefined;
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub' || name.startsWith('dev:')) continue;
    if (readable && !readable.has(name)) continue;
    if (BOOLEAN_ATTRIBUTES.has(name)) claims[name] = value === 'true';
    else if (NUMBER_ATTRIBUTES.has(name) && /^\d+$/.test(value)) claims[name] = Number(value);
    else if (name === 'identities') claims[name] = identitiesClaim(value);
    else claims[name] = value;
  }
  return claims;
}

/** A federated user's `identities` attribute is a JSON array; Cognito's ID token carries the array itself. */
function identitiesClaim(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Refresh tokens are opaque. Cognito's are five-part JWEs; these have the same outline
 * (a JWE-style header and random parts), so clients that inspect their shape see what they expect.
 */
const REFRESH_HEADER = Buffer.from(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })).toString('base64url');
/** The JWE parts' sizes: encrypted key, IV, ciphertext, tag. */
const REFRESH_PARTS = [192, 12, 96, 16];

function newRefreshToken(): string {
  // One draw for all four parts.
  const random = pooledRandomBytes(316);
  let at = 0;
  const parts = REFRESH_PARTS.map((size) => random.subarray(at, (at += size)).toString('base64url'));
  return `${REFRESH_HEADER}.${parts.join('.')}`;
}

/** The user's attributes as a trigger sees them: every attribute (none of Cognate's own) and the account status. */
function eventAttributes(user: User): Record<string, string> {
  const attributes = Object.fromEntries(Object.entries(user.attributes).filter(([name]) => !name.startsWith('dev:')));
  return { ...attributes, 'cognito:user_status': user.status };
}

/** What the tokens of a request will carry once the PreTokenGeneration trigger (if any) has answered. */
export interface PreparedTokens {
  groups: GroupConfiguration;
  customization?: TokenCustomization;
}

/**
 * Runs the PreTokenGeneration trigger for a request, before anything is written: a caller that must
 * change state before minting (refresh rotation) prepares first, so that a failing function changes nothing.
 */
export async function prepareTokens(services: Services, req: IssueRequest): Promise<PreparedTokens> {
  const groups = await groupsForToken(services, req.pool.Id, req.user.usernameKey);
  const roles = groups.map((g) => g.roleArn).filter((r): r is string => Boolean(r));
  const configuration: GroupConfiguration = { groupsToOverride: groups.map((g) => g.name), iamRolesToOverride: roles, preferredRole: roles[0] ?? null };
  const customization = await runPreTokenGeneration(services, {
    pool: req.pool,
    clientId: req.client.ClientId!,
    userName: req.user.username,
    source: req.trigger.source,
    userAttributes: eventAttributes(req.user),
    groups: configuration,
    scopes: req.oauthScopes ?? [ADMIN_SCOPE],
    clientMetadata: req.trigger.clientMetadata,
  });
  return { groups: configuration, customization };
}

/**
 * Mints ID, access and (optionally) refresh tokens with Cognito's claim sets, as the PreTokenGeneration
 * trigger shaped them (run here unless the caller prepared the request already).
 */
export async function issueTokens(services: Services, req: IssueRequest, prepared?: PreparedTokens): Promise<IssuedTokens> {
  const { pool, client, user } = req;
  const { groups, customization } = prepared ?? (await prepareTokens(services, req));
  const nowMs = services.clock.now();
  const now = Math.floor(nowMs / 1000);
  const validity = clientTokenValidity(client);
  const revocation = client.EnableTokenRevocation !== false;
  const originJti = req.originJti ?? services.random.uuid();
  const eventId = services.random.uuid();
  const issuer = issuerOf(services.settings, pool.Id);
  const groupsClaims = groupClaims(customization?.groups ?? groups);
  const oauth = req.oauthScopes !== undefined;
  const granted = oauth ? req.oauthScopes! : [ADMIN_SCOPE];
  const scopes = customization ? applyScopeEdits(granted, customization) : granted;

  let accessClaims: JWTPayload = {
    sub: user.sub,
    ...groupsClaims,
    iss: issuer,
    client_id: client.ClientId,
    ...(revocation ? { origin_jti: originJti } : {}),
    event_id: eventId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: req.authTime,
    exp: now + validity.accessSeconds,
    iat: now,
    ...(oauth ? { version: 2 } : {}),
    jti: services.random.uuid(),
    username: user.username,
    ...(req.deviceKey ? { device_key: req.deviceKey } : {}),
  };
  if (!revocation) delete accessClaims.jti;
  if (customization) accessClaims = applyClaimEdits(accessClaims, customization.access);
  const accessKey = await activeKey(services, pool.Id, 'access');
  const accessToken = signRs256(accessClaims, accessKey.kid, accessKey.privateKey);

  let idToken: string | undefined;
  if (!oauth || granted.includes('openid')) {
    let idClaims: JWTPayload = {
      ...(oauth ? { at_hash: atHash(accessToken) } : {}),
      sub: user.sub,
      ...groupsClaims,
      iss: issuer,
      'cognito:username': user.username,
      ...(req.nonce !== undefined ? { nonce: req.nonce } : {}),
      ...(revocation ? { origin_jti: originJti } : {}),
      aud: client.ClientId,
      event_id: eventId,
      token_use: 'id',
      auth_time: req.authTime,
      exp: now + validity.idSeconds,
      iat: now,
      ...(revocation ? { jti: services.random.uuid() } : {}),
      ...readableClaims(client, user),
    };
    if (customization) idClaims = applyClaimEdits(idClaims, customization.id);
    const idKey = await activeKey(services, pool.Id, 'id');
    idToken = signRs256(idClaims, idKey.kid, idKey.privateKey);
  }

  // Every sign-in is a token family, with or without a usable refresh token, so that revoking the
  // family (RevokeToken, global sign-out) voids its access tokens too.
  const refreshToken = req.refreshToken ? newRefreshToken() : undefined;
  if (!req.originJti || refreshToken) {
    await repo.insertRefreshToken(services.store.db, services.store.engine, {
      token_hash: hashRefreshToken(refreshToken ?? newRefreshToken()),
      pool_id: pool.Id,
      client_id: client.ClientId!,
      username_key: user.usernameKey,
      origin_jti: originJti,
      auth_time: req.authTime,
      created_at: nowMs,
      expires_at: nowMs + validity.refreshSeconds * 1000,
      revoked_at: null,
      replaced_at: null,
      device_key: req.deviceKey ?? null,
    });
  }
  return { accessToken, idToken, refreshToken, expiresIn: validity.accessSeconds, originJti };
}

/** OIDC `at_hash`: the left half of the SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

export function authenticationResult(tokens: IssuedTokens): AuthenticationTokens {
  return {
    AccessToken: tokens.accessToken,
    ExpiresIn: tokens.expiresIn,
    TokenType: 'Bearer',
    ...(tokens.refreshToken ? { RefreshToken: tokens.refreshToken } : {}),
    ...(tokens.idToken ? { IdToken: tokens.idToken } : {}),
  };
}

export interface AccessTokenSubject {
  pool: UserPool;
  user: User;
  claims: JWTPayload & { client_id?: string; scope?: string; origin_jti?: string; username?: string };
}

const invalidToken = () => err.notAuthorized('Invalid Access Token');
const POOL_IN_ISSUER = /\/([\w-]+_[0-9a-zA-Z]+)$/;

/**
 * Checks an access token as Cognito's access-token operations do: signature by one of the pool's
 * keys, issuer, expiry, `token_use`, then revocation (its family, the user's global sign-out),
 * and that the user still exists and is enabled.
 */
export async function authenticateAccessToken(services: Services, token: string, requiredScope = ADMIN_SCOPE): Promise<AccessTokenSubject> {
  // Taken apart once: the unverified issuer names the pool whose keys then verify the same parts.
  let jws: ParsedJws;
  try {
    jws = rememberedToken(token) ?? parseJws(token);
  } catch {
    throw invalidToken();
  }
  const unverified: JWTPayload = jws.payload;
  const poolId = typeof unverified.iss === 'string' ? POOL_IN_ISSUER.exec(unverified.iss)?.[1] : undefined;
  if (!poolId) throw invalidToken();
  let pool: UserPool;
  try {
    pool = await getPool(services, poolId);
  } catch {
    throw invalidToken();
  }
  let claims: AccessTokenSubject['claims'];
  try {
    await verifyPoolToken(services, pool.Id, token, jws);
    rememberToken(token, jws);
    claims = jws.payload;
  } catch (error) {
    if (error instanceof JwtRejected) throw invalidToken();
    throw error;
  }
  checkTimes(claims, issuerOf(services.settings, pool.Id), Math.floor(services.clock.now() / 1000));
  if (claims.token_use !== 'access' || typeof claims.username !== 'string') throw invalidToken();
  if (requiredScope && !(claims.scope ?? '').split(' ').includes(requiredScope))
    throw err.notAuthorized('Access Token does not have required scopes');
  // A token names its user by username, which never changes: the key finds it without the alias and
  // sub lookups of findUser. One query reads the user, its attributes, its sign-out time and the family's revocation.
  const originJti = typeof claims.origin_jti === 'string' ? claims.origin_jti : null;
  const found = await findTokenSubject(services.store.db, services.store.engine, pool.Id, usernameKeyOf(pool, claims.username), originJti);
  if (!found) {
    if (originJti && (await repo.familyRevokedAt(services.store.db, originJti))) throw revoked();
    throw new CognitoError('UserNotFoundException', 'User does not exist.');
  }
  if (found.familyRevokedAt) throw revoked();
  const user = userFromRows(found.user, found.attributes);
  if (user.sub !== claims.sub) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  if (!user.enabled) throw err.userDisabled();
  if (found.tokensValidAfter && (claims.iat ?? 0) * 1000 < Math.floor(found.tokensValidAfter / 1000) * 1000) throw revoked();
  return { pool, user, claims };
}

const revoked = () => err.notAuthorized('Access Token has been revoked');

/**
 * The issuer, then the times, as RFC 7519 reads them and with no clock tolerance: a time claim that is
 * not a number makes the token invalid, and an `exp` at or before now makes it expired.
 */
function checkTimes(claims: JWTPayload, issuer: string, now: number): void {
  if (claims.iss !== issuer) throw invalidToken();
  for (const claim of ['iat', 'nbf', 'exp'] as const) if (claims[claim] !== undefined && typeof claims[claim] !== 'number') throw invalidToken();
  if (claims.nbf !== undefined && claims.nbf > now) throw invalidToken();
  if (claims.exp !== undefined && claims.exp <= now) throw err.notAuthorized('Access Token has expired');
}

/** Global sign-out: every refresh token of the user is revoked, and with them their access tokens. */
export async function signOutEverywhere(services: Services, pool: UserPool, user: User): Promise<void> {
  const now = services.clock.now();
  await services.store.transaction(async (trx) => {
    await repo.revokeUserTokens(trx, pool.Id, user.usernameKey, now);
    await repo.setTokensValidAfter(trx, pool.Id, user.usernameKey, now);
  });
}

export interface ClientCredentialsRequest {
  pool: UserPool;
  client: UserPoolClient;
  /** Custom scopes granted to the machine. */
  scopes: string[];
  /** ClientMetadata for the PreTokenGeneration V3 trigger (`aws_client_metadata` at the token endpoint). */
  clientMetadata?: Record<string, string>;
}

/**
 * A machine-to-machine access token (client_credentials): the client is the subject, so there is no
 * user, username, groups, ID or refresh token; `version: 2` as on every token-endpoint access token.
 * Only a V3 PreTokenGeneration function customizes it.
 */
export async function issueClientCredentialsToken(services: Services, req: ClientCredentialsRequest): Promise<{ accessToken: string; expiresIn: number }> {
  const customization = await runPreTokenGeneration(services, {
    pool: req.pool,
    clientId: req.client.ClientId!,
    // There is no user: the client, the token's subject, stands in (what Cognito sends here is unconfirmed).
    userName: req.client.ClientId!,
    source: 'TokenGeneration_ClientCredentials',
    userAttributes: {},
    groups: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
    scopes: req.scopes,
    clientMetadata: req.clientMetadata,
  });
  const now = Math.floor(services.clock.now() / 1000);
  const { accessSeconds } = clientTokenValidity(req.client);
  const scopes = customization ? applyScopeEdits(req.scopes, customization) : req.scopes;
  let claims: JWTPayload = {
    sub: req.client.ClientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iss: issuerOf(services.settings, req.pool.Id),
    exp: now + accessSeconds,
    iat: now,
    version: 2,
    jti: services.random.uuid(),
    client_id: req.client.ClientId,
  };
  if (customization) claims = applyClaimEdits(claims, customization.access);
  const key = await activeKey(services, req.pool.Id, 'access');
  const accessToken = signRs256(claims, key.kid, key.privateKey);
  return { accessToken, expiresIn: accessSeconds };
}
