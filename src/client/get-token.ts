import type { AuthorizeOptions, InteractiveOptions } from './authorize.js';
import { authorize } from './authorize.js';
import { TokenCache, cacheKeyOf } from './cache.js';
import type { CognitoApiOptions } from './cognito-api.js';
import { callCognito, regionOfPool } from './cognito-api.js';
import { cognitoPasswordSignIn, cognitoRefresh } from './cognito-auth.js';
import type { Endpoints } from './endpoints.js';
import { cognitoApiOf, resolveEndpoints } from './endpoints.js';
import { TokenClientError, configError } from './errors.js';
import type { ClientSettings } from './settings.js';
import { normalizeSettings, settingsFingerprint } from './settings.js';
import type { TokenResponse } from './token-endpoint.js';
import { requestToken, revokeToken } from './token-endpoint.js';
import type { TokenSet, TokenSource } from './token-set.js';
import { isFresh, tokenSetOf } from './token-set.js';

export interface GetTokenOptions {
  /** The profile the tokens are cached under; settings without one are cached by their fingerprint. */
  profile?: string;
  /** `false`: neither read nor write the cache. */
  cache?: TokenCache | false;
  /** Get new tokens even if the cache has good ones. */
  force?: boolean;
  interactive?: InteractiveOptions;
  /**
   * Sign in unattended through the hosted UI when a username and password are known (default), or
   * always open the browser (`false`).
   */
  headless?: boolean;
  onStatus?: (message: string) => void;
}

export interface GetTokenResult {
  tokens: TokenSet;
  /** Where the tokens came from this time. */
  from: 'cache' | 'refresh' | 'grant';
}

/** Cognito's JSON API for a configuration: explicit, or the host the pool's issuer is on. */
export function cognitoApiFor(settings: ClientSettings): CognitoApiOptions & { poolId: string } {
  let poolId = settings.poolId;
  let endpoint = settings.cognitoEndpoint ?? (settings.poolId ? settings.endpoint : undefined);
  if (!poolId || !endpoint) {
    if (!settings.issuer) throw configError('The Cognito password flows need the pool: give --pool (with --endpoint) or --issuer');
    const fromIssuer = cognitoApiOf(settings.issuer);
    poolId ??= fromIssuer.poolId;
    endpoint ??= fromIssuer.endpoint;
  }
  return { endpoint, poolId, region: regionOfPool(poolId) };
}

/** Runs the configured grant from scratch. */
export async function runGrant(settings: ClientSettings, options: Omit<GetTokenOptions, 'cache' | 'profile' | 'force'> = {}): Promise<{ response: TokenResponse; source: TokenSource }> {
  const s = normalizeSettings(settings);
  const status = options.onStatus ?? (() => undefined);
  const endpoints = (): Promise<Endpoints> => resolveEndpoints(s);
  switch (s.grant) {
    case 'client_credentials':
      if (!s.clientSecret) throw configError('The client credentials grant needs --client-secret');
      return { response: await requestToken((await endpoints()).tokenEndpoint, { grant_type: 'client_credentials', scope: s.scope }, s, s.tokenParams), source: 'oauth' };
    case 'refresh_token': {
      if (!s.refreshToken) throw configError('The refresh_token grant needs --refresh-token (or a cached refresh token)');
      return { response: await refreshWith(s, { refresh_token: s.refreshToken, source: 'oauth' }), source: 'oauth' };
    }
    case 'password': {
      if (!s.username || !s.password) throw configError('The password grant needs --username and --password (or COGNATE_USERNAME and COGNATE_PASSWORD)');
      const flow = s.passwordFlow ?? 'USER_SRP_AUTH';
      if (flow === 'oauth') {
        const response = await requestToken(
          (await endpoints()).tokenEndpoint,
          { grant_type: 'password', username: s.username, password: s.password, scope: s.scope },
          s,
          s.tokenParams,
        );
        return { response, source: 'oauth' };
      }
      const api = cognitoApiFor(s);
      status(`Signing in as ${s.username} with Cognito's ${flow}`);
      const response = await cognitoPasswordSignIn({
        api,
        poolId: api.poolId,
        clientId: s.clientId,
        clientSecret: s.clientSecret,
        flow,
        username: s.username,
        password: s.password,
        totpSecret: s.totpSecret,
        newPassword: s.newPassword,
        userAttributes: s.userAttributes,
        onStatus: status,
      });
      return { response, source: 'cognito' };
    }
    case 'authorization_code':
    case 'implicit': {
      // Through an identity provider, the stand-in's form (or an upstream pool's, with --username) is filled unattended too.
      const unattended = options.headless !== false && ((s.username !== undefined && s.password !== undefined) || s.identityProvider !== undefined);
      const authorizeOptions: AuthorizeOptions = { interactive: options.interactive, onStatus: status };
      if (unattended)
        authorizeOptions.headless = {
          username: s.username,
          password: s.password,
          standInIdentity: s.standInIdentity,
          totpSecret: s.totpSecret,
          newPassword: s.newPassword,
          userAttributes: s.userAttributes,
          onStatus: status,
        };
      return { response: await authorize(await endpoints(), s, authorizeOptions), source: 'oauth' };
    }
    default:
      throw configError(`Unknown grant ${String(s.grant)}`);
  }
}

/** New tokens from a refresh token, the way the tokens were first obtained. */
async function refreshWith(
  settings: ClientSettings,
  tokens: { refresh_token: string; access_token?: string; id_token?: string; source: TokenSource },
): Promise<TokenResponse> {
  if (tokens.source === 'cognito') return cognitoRefresh(cognitoApiFor(settings), settings, tokens);
  return requestToken((await resolveEndpoints(settings)).tokenEndpoint, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, settings, settings.tokenParams);
}

/** Refreshes a token set; the refresh token is kept when the server does not rotate it. */
export async function refreshTokenSet(settings: ClientSettings, tokens: TokenSet): Promise<TokenSet> {
  if (!tokens.refresh_token) throw configError('These tokens have no refresh token');
  const s = normalizeSettings(settings);
  const response = await refreshWith(s, { ...tokens, refresh_token: tokens.refresh_token });
  return tokenSetOf(response, tokens.source, tokens);
}

/**
 * A token for the settings: from the cache while it is good, refreshed when it has expired and a
 * refresh token exists, otherwise by running the grant. Whatever is obtained is cached.
 */
export async function getToken(settings: ClientSettings, options: GetTokenOptions = {}): Promise<GetTokenResult> {
  const s = normalizeSettings(settings);
  const status = options.onStatus ?? (() => undefined);
  const cache = options.cache === false ? undefined : (options.cache ?? new TokenCache());
  const fingerprint = settingsFingerprint(s);
  const key = cacheKeyOf(options.profile, fingerprint);
  const save = async (tokens: TokenSet) => {
    await cache?.write(key, fingerprint, tokens);
    return tokens;
  };

  const cached = cache ? await cache.read(key, fingerprint) : undefined;
  if (s.grant === 'refresh_token') {
    const refreshToken = s.refreshToken ?? cached?.refresh_token;
    if (!refreshToken) throw configError('No refresh token: give --refresh-token, or get tokens with another grant first');
    const base: TokenSet = cached && cached.refresh_token === refreshToken ? cached : { access_token: '', token_type: 'Bearer', refresh_token: refreshToken, expires_at: 0, source: 'oauth' };
    return { tokens: await save(await refreshTokenSet(s, base)), from: 'refresh' };
  }
  if (cached && !options.force) {
    if (isFresh(cached)) return { tokens: cached, from: 'cache' };
    if (cached.refresh_token) {
      try {
        status('The cached token has expired; refreshing it');
        return { tokens: await save(await refreshTokenSet(s, cached)), from: 'refresh' };
      } catch (error) {
        if (!(error instanceof TokenClientError) || error.kind === 'network') throw error;
        status(`Refreshing failed (${error.message}); signing in again`);
      }
    }
  }
  const { response, source } = await runGrant(s, options);
  return { tokens: await save(tokenSetOf(response, source)), from: 'grant' };
}

/** Revokes a token set's refresh token (and so its access tokens) where it was issued: RFC 7009, or Cognito's RevokeToken. */
export async function revokeTokenSet(settings: ClientSettings, tokens: TokenSet): Promise<boolean> {
  if (!tokens.refresh_token) return false;
  const s = normalizeSettings(settings);
  if (tokens.source === 'cognito') {
    await callCognito(cognitoApiFor(s), 'RevokeToken', { Token: tokens.refresh_token, ClientId: s.clientId, ...(s.clientSecret ? { ClientSecret: s.clientSecret } : {}) });
    return true;
  }
  const { revocationEndpoint } = await resolveEndpoints(s);
  if (!revocationEndpoint) throw configError('No revocation endpoint is known for these settings');
  await revokeToken(revocationEndpoint, tokens.refresh_token, s);
  return true;
}

/**
 * Revokes the cached refresh token of some settings (where it was issued) and forgets their cache
 * entry. Says whether there were cached tokens, and whether a refresh token was revoked.
 */
export async function revokeCachedTokens(
  settings: ClientSettings,
  options: { profile?: string; cache?: TokenCache } = {},
): Promise<{ hadTokens: boolean; revoked: boolean }> {
  const s = normalizeSettings(settings);
  const cache = options.cache ?? new TokenCache();
  const fingerprint = settingsFingerprint(s);
  const key = cacheKeyOf(options.profile, fingerprint);
  const cached = await cache.read(key, fingerprint);
  const revoked = cached ? await revokeTokenSet(s, cached) : false;
  await cache.delete(key);
  return { hadTokens: cached !== undefined, revoked };
}
