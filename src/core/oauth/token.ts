import * as tokenRepo from '../../store/tokens.js';
import type { OAuthFlowType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolClient } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import type { AuthenticatedClient, ClientAuthInput } from './client-auth.js';
import { authenticateClient } from './client-auth.js';
import { markExchanged, redeemCode } from './codes.js';
import { oauthError } from './errors.js';
import { extendGrant, grantedScopesOf, recordGrant } from './grants.js';
import { passwordGrantAllowed, signInWithPassword } from './password-grant.js';
import { grantedMachineScopes, grantedUserScopes } from './scopes.js';
import type { UserPool } from '../pool/pools.js';
import { refreshTokens } from '../token/refresh.js';
import type { Services } from '../services.js';
import { hashRefreshToken, issueClientCredentialsToken, issueTokens } from '../token/tokens.js';
import { findUser } from '../user/users.js';

/** The token endpoint's JSON answer (RFC 6749 §5.1, cognito-wire.md §1.5). */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Form parameters as parsed: a repeated parameter arrives as an array. */
export type FormParams = Record<string, string | string[] | undefined>;

export interface TokenRequest {
  authorization?: string;
  body: FormParams;
}

/** Reads single-valued form parameters; RFC 6749 §3.2 forbids repeating one. */
export function singleParams(body: FormParams): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw oauthError('invalid_request', `Parameter ${name} is repeated.`);
    out[name] = value === '' ? undefined : value;
  }
  return out;
}

export function clientAuthInput(authorization: string | undefined, params: Record<string, string | undefined>): ClientAuthInput {
  return { authorization, clientId: params.client_id, clientSecret: params.client_secret };
}

const allowsFlow = (client: UserPoolClient, flow: OAuthFlowType) =>
  client.AllowedOAuthFlowsUserPoolClient === true && (client.AllowedOAuthFlows ?? []).includes(flow);

/** `POST /oauth2/token`: authenticates the client, then runs the grant. */
export async function tokenRequest(services: Services, pool: UserPool, req: TokenRequest): Promise<TokenResponse> {
  const params = singleParams(req.body);
  const auth = await authenticateClient(services, pool, clientAuthInput(req.authorization, params));
  switch (params.grant_type) {
    case undefined:
      throw oauthError('invalid_request', 'Missing required parameter grant_type');
    case 'authorization_code':
      return authorizationCodeGrant(services, pool, auth, params);
    case 'refresh_token':
      return refreshTokenGrant(services, pool, auth, params);
    case 'client_credentials':
      return clientCredentialsGrant(services, pool, auth, params);
    case 'password':
      if (passwordGrantAllowed(auth.client)) return passwordGrant(services, pool, auth, params);
      throw oauthError('unsupported_grant_type');
    default:
      throw oauthError('unsupported_grant_type');
  }
}

function required(params: Record<string, string | undefined>, name: string): string {
  const value = params[name];
  if (value === undefined) throw oauthError('invalid_request', `Missing required parameter ${name}`);
  return value;
}

async function authorizationCodeGrant(services: Services, pool: UserPool, auth: AuthenticatedClient, params: Record<string, string | undefined>): Promise<TokenResponse> {
  const { client } = auth;
  if (!allowsFlow(client, 'code')) throw oauthError('unauthorized_client', 'The client is not allowed the authorization code grant.');
  const code = required(params, 'code');
  const row = await redeemCode(services, { pool, client, code, redirectUri: params.redirect_uri, codeVerifier: params.code_verifier });
  const user = await findUser(services, pool, row.username_key);
  if (!user || user.usernameKey !== row.username_key || !user.enabled) throw oauthError('invalid_grant', 'The user can no longer sign in.');
  const scopes = row.scopes.split(' ').filter((s) => s !== '');
  const tokens = await issueTokens(services, {
    pool,
    client,
    user,
    authTime: Number(row.auth_time),
    oauthScopes: scopes,
    nonce: row.nonce ?? undefined,
    originJti: row.origin_jti,
    refreshToken: true,
  });
  await recordGrant(services, pool, client, user, row.origin_jti, scopes);
  await markExchanged(services, row);
  return response(tokens);
}

async function refreshTokenGrant(services: Services, pool: UserPool, auth: AuthenticatedClient, params: Record<string, string | undefined>): Promise<TokenResponse> {
  const refreshToken = required(params, 'refresh_token');
  const row = await tokenRepo.findRefreshToken(services.store.db, hashRefreshToken(refreshToken));
  const oauthScopes = row ? await grantedScopesOf(services, row.origin_jti) : undefined;
  try {
    const tokens = await refreshTokens(services, { pool, client: auth.client, refreshToken, oauthScopes });
    if (tokens.refreshToken) await extendGrant(services, auth.client, tokens.originJti);
    return response(tokens);
  } catch (error) {
    if (error instanceof CognitoError && error.type !== 'InternalErrorException') throw oauthError('invalid_grant', error.message);
    throw error;
  }
}

async function clientCredentialsGrant(services: Services, pool: UserPool, auth: AuthenticatedClient, params: Record<string, string | undefined>): Promise<TokenResponse> {
  const { client } = auth;
  if (auth.method === 'none' || !allowsFlow(client, 'client_credentials'))
    throw oauthError('unauthorized_client', 'The client is not allowed the client credentials grant.');
  const scopes = await grantedMachineScopes(services, pool, client, params.scope);
  const token = await issueClientCredentialsToken(services, { pool, client, scopes });
  return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn };
}

async function passwordGrant(services: Services, pool: UserPool, auth: AuthenticatedClient, params: Record<string, string | undefined>): Promise<TokenResponse> {
  const { client } = auth;
  const username = required(params, 'username');
  const password = required(params, 'password');
  const scopes = await grantedUserScopes(services, pool, client, params.scope);
  const user = await signInWithPassword(services, pool, username, password);
  const tokens = await issueTokens(services, {
    pool,
    client,
    user,
    authTime: Math.floor(services.clock.now() / 1000),
    oauthScopes: scopes,
    refreshToken: true,
  });
  await recordGrant(services, pool, client, user, tokens.originJti, scopes);
  return response(tokens);
}

function response(tokens: { accessToken: string; idToken?: string; refreshToken?: string; expiresIn: number }): TokenResponse {
  return {
    access_token: tokens.accessToken,
    ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
    ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
  };
}
