import type { RequestOrigin } from '../events/origin.js';
import type { UserPoolClient } from '../client/clients.js';
import type { AuthenticatedClient } from './client-auth.js';
import { markExchanged, redeemCode } from './codes.js';
import { CognitoError } from '../errors.js';
import { oauthError } from './errors.js';
import { extendGrant, grantedScopesOf, recordGrant } from './grants.js';
import { passwordGrantAllowed, signInWithPassword } from './password-grant.js';
import { grantedMachineScopes, grantedUserScopes } from './scopes.js';
import type { UserPool } from '../pool/pools.js';
import { refreshLookup, refreshTokens } from '../token/refresh.js';
import type { Services } from '../services.js';
import { issueClientCredentialsToken, issueTokens } from '../token/tokens.js';
import { findUser } from '../user/users.js';

/**
 * The grants of the token endpoint (cognito-wire.md §1.5) for a client already authenticated. They
 * take typed requests and return the tokens issued; the OAuth adapter reads the form and writes the
 * JSON answer (src/oauth/token.ts).
 */

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'password';

/** What a grant issued: an access token always; ID and refresh tokens for user grants. */
export interface GrantedTokens {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn: number;
}

export interface CodeGrantRequest {
  code: string;
  redirectUri?: string;
  codeVerifier?: string;
}

export interface PasswordGrantRequest {
  username: string;
  password: string;
  scope?: string;
  /** Where the request came from, for the sign-in's auth event. */
  origin?: RequestOrigin;
}

const LAMBDA_FAILURES = new Set(['UserLambdaValidationException', 'UnexpectedLambdaException', 'InvalidLambdaResponseException']);

/** A failed PreTokenGeneration function issues nothing: the token request is refused with the function's message. */
function lambdaFailureAsOAuth(error: unknown): never {
  if (error instanceof CognitoError && LAMBDA_FAILURES.has(error.type)) throw oauthError('invalid_request', error.message);
  throw error;
}

const allowsFlow = (client: UserPoolClient, flow: 'code' | 'client_credentials') =>
  client.AllowedOAuthFlowsUserPoolClient === true && (client.AllowedOAuthFlows ?? []).includes(flow);

/** Whether the client may use the grant; checked before the grant's own parameters, as Cognito does. */
export function checkGrantAllowed(auth: AuthenticatedClient, grant: GrantType): void {
  switch (grant) {
    case 'authorization_code':
      if (!allowsFlow(auth.client, 'code')) throw oauthError('unauthorized_client', 'The client is not allowed the authorization code grant.');
      return;
    case 'client_credentials':
      if (auth.method === 'none' || !allowsFlow(auth.client, 'client_credentials'))
        throw oauthError('unauthorized_client', 'The client is not allowed the client credentials grant.');
      return;
    case 'password':
      // Cognito has no such grant: a client without the extension gets what Cognito answers.
      if (!passwordGrantAllowed(auth.client)) throw oauthError('unsupported_grant_type');
      return;
    case 'refresh_token':
      return;
  }
}

export async function authorizationCodeGrant(services: Services, pool: UserPool, client: UserPoolClient, req: CodeGrantRequest): Promise<GrantedTokens> {
  const row = await redeemCode(services, { pool, client, code: req.code, redirectUri: req.redirectUri, codeVerifier: req.codeVerifier });
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
    trigger: { source: 'TokenGeneration_HostedAuth' },
  }).catch(lambdaFailureAsOAuth);
  await recordGrant(services, pool, client, user, row.origin_jti, scopes);
  await markExchanged(services, row);
  return tokens;
}

/** A refresh token that cannot be used raises the core's CognitoError (the adapter answers `invalid_grant`). */
export async function refreshTokenGrant(services: Services, pool: UserPool, client: UserPoolClient, refreshToken: string): Promise<GrantedTokens> {
  const lookup = refreshLookup(services, pool, refreshToken);
  const row = await lookup.row();
  const oauthScopes = row ? await grantedScopesOf(services, row.origin_jti) : undefined;
  const tokens = await refreshTokens(services, { pool, client, refreshToken, oauthScopes, lookup }).catch(lambdaFailureAsOAuth);
  if (tokens.refreshToken) await extendGrant(services, client, tokens.originJti);
  return tokens;
}

export async function clientCredentialsGrant(services: Services, pool: UserPool, client: UserPoolClient, scope: string | undefined): Promise<GrantedTokens> {
  const scopes = await grantedMachineScopes(services, pool, client, scope);
  const token = await issueClientCredentialsToken(services, { pool, client, scopes }).catch(lambdaFailureAsOAuth);
  return { accessToken: token.accessToken, expiresIn: token.expiresIn };
}

export async function passwordGrant(services: Services, pool: UserPool, client: UserPoolClient, req: PasswordGrantRequest): Promise<GrantedTokens> {
  const scopes = await grantedUserScopes(services, pool, client, req.scope);
  const user = await signInWithPassword(services, pool, client, req.username, req.password, req.origin);
  const tokens = await issueTokens(services, {
    pool,
    client,
    user,
    authTime: Math.floor(services.clock.now() / 1000),
    oauthScopes: scopes,
    refreshToken: true,
    trigger: { source: 'TokenGeneration_Authentication' },
  }).catch(lambdaFailureAsOAuth);
  await recordGrant(services, pool, client, user, tokens.originJti, scopes);
  return tokens;
}
