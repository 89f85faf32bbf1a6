import type { UserPoolClient } from '../client/clients.js';
import { getClientInPool } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import { selectProvider } from '../idp/federation/selection.js';
import type { IdentityProviderDescription } from '../idp/types.js';
import { issueCode } from './codes.js';
import { OAuthError } from './errors.js';
import { isRegisteredUri } from './redirect-uris.js';
import { grantedUserScopes } from './scopes.js';
import type { SsoSession } from './sso-session.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { issueTokens } from '../token/tokens.js';
import type { User } from '../user/users.js';

/**
 * The authorization endpoint's rules (cognito-wire.md §1.1), shared by `GET /oauth2/authorize` and
 * the hosted sign-in pages: check the request, decide between single sign-on and the sign-in page,
 * and finish with a code or tokens sent back to the client's redirect URI.
 */

/**
 * An authorization request's parameters as the adapter read them from a query or form, each exactly as
 * sent (an empty value stays empty); a parameter sent more than once is left out and named in `repeated`.
 */
export interface AuthorizeParams {
  clientId?: string;
  redirectUri?: string;
  responseType?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  prompt?: string;
  maxAge?: string;
  identityProvider?: string;
  idpIdentifier?: string;
  request?: string;
  requestUri?: string;
  /** The first parameter sent more than once: refused once the redirect URI is known to be the client's. */
  repeated?: string;
}

/** What goes back to the client's redirect URI, in its query or (implicit grant) its fragment; the adapter encodes it. */
export interface AuthorizationResponse {
  redirectUri: string;
  mode: 'query' | 'fragment';
  result: AuthorizationResult;
}

export type AuthorizationResult =
  | { kind: 'code'; code: string; state?: string }
  | { kind: 'tokens'; accessToken: string; idToken?: string; tokenType: 'Bearer'; expiresIn: number; state?: string }
  | { kind: 'error'; error: string; errorDescription: string; state?: string };

/** A checked authorization request: what `/oauth2/authorize` and the `/login` form act on. */
export interface AuthorizationRequest {
  responseType: 'code' | 'token';
  clientId: string;
  /** Exactly as sent (a loopback URI keeps the port the app chose); the token request must repeat it. */
  redirectUri: string;
  /** The scopes that will be granted, after Cognito's scope rules. */
  scopes: string[];
  state?: string;
  /** Copied into the ID token. */
  nonce?: string;
  /** The S256 PKCE challenge (the only method accepted). */
  codeChallenge?: string;
  /** OIDC `prompt` values: `none`, `login`, `consent`, `select_account`. */
  prompt: string[];
  /** OIDC `max_age` in seconds: an older sign-in must be repeated. */
  maxAge?: number;
}

export type AuthorizeCheck =
  /** Go on: sign the user in (or use the SSO session), then `completeAuthorization`. */
  | { kind: 'valid'; client: UserPoolClient; request: AuthorizationRequest; /** The external provider the request names (identity_provider, idp_identifier). */ provider?: IdentityProviderDescription }
  /**
   * The client or redirect URI cannot be trusted: never redirect to it (RFC 9700 §4.11.2); send the
   * browser to the domain's error page, `/error?error=redirect_mismatch&client_id=...`, as Cognito does.
   */
  | { kind: 'error-page'; error: 'redirect_mismatch'; clientId?: string }
  /** Any other error: back to the client's redirect URI with `error` (and `state`). */
  | { kind: 'redirect'; response: AuthorizationResponse };

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);
/** RFC 7636 §4.2: an S256 challenge is base64url; 43–128 characters of the unreserved set. */
const CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Checks an authorization request in Cognito's order: client, redirect URI, then everything else. */
export async function checkAuthorizationRequest(services: Services, pool: UserPool, params: AuthorizeParams): Promise<AuthorizeCheck> {
  const clientId = params.clientId;
  if (clientId === undefined || clientId === '') return { kind: 'error-page', error: 'redirect_mismatch' };
  let client: UserPoolClient;
  try {
    client = await getClientInPool(services, pool.Id, clientId);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') return { kind: 'error-page', error: 'redirect_mismatch', clientId };
    throw error;
  }
  const redirectUri = params.redirectUri;
  // RFC 8252's any-port loopback redirect only with S256 PKCE on a code request (see MatchOptions).
  const pkce = params.responseType === 'code' && params.codeChallengeMethod === 'S256' && params.codeChallenge !== undefined && CHALLENGE.test(params.codeChallenge);
  if (redirectUri === undefined || !isRegisteredUri(client.CallbackURLs, redirectUri, { anyLoopbackPort: pkce }))
    return { kind: 'error-page', error: 'redirect_mismatch', clientId };

  // From here on the redirect URI is the client's own, so errors go back to it.
  const state = params.state;
  const responseType = params.responseType;
  const mode = responseType === 'token' ? 'fragment' : 'query';
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: 'redirect',
    response: { redirectUri, mode, result: { kind: 'error', error, errorDescription: description, state } },
  });

  if (params.repeated !== undefined) return fail('invalid_request', `Parameter ${params.repeated} is repeated.`);

  if (responseType === undefined || responseType === '') return fail('invalid_request', 'Missing required parameter response_type');
  if (responseType !== 'code' && responseType !== 'token') return fail('invalid_request', `Unsupported response_type ${responseType}`);
  if (!client.AllowedOAuthFlowsUserPoolClient) return fail('unauthorized_client', 'The client is not allowed to use OAuth flows.');
  const flow = responseType === 'code' ? 'code' : 'implicit';
  if (!(client.AllowedOAuthFlows ?? []).includes(flow)) return fail('unauthorized_client', `The client is not allowed the ${flow} flow.`);
  const selection = await selectProvider(services, pool, client, params);
  if (selection.kind === 'error') return fail(selection.error, selection.description);
  // Without COGNITO the client signs in only through a provider it names, or picks on the sign-in page (its buttons alone).
  const supported = client.SupportedIdentityProviders ?? [];
  if (selection.kind === 'cognito' && !supported.includes('COGNITO') && supported.length === 0)
    return fail('unauthorized_client', 'The client does not support the user pool directory (COGNITO).');
  if (params.request !== undefined) return fail('request_not_supported', 'Request objects are not supported.');
  if (params.requestUri !== undefined) return fail('request_uri_not_supported', 'request_uri is not supported.');

  const method = params.codeChallengeMethod;
  const challenge = params.codeChallenge;
  if (method !== undefined && method !== 'S256') return fail('invalid_request', 'Unsupported code_challenge_method; only S256 is accepted.');
  if (challenge !== undefined && method === undefined) return fail('invalid_request', 'Missing required parameter code_challenge_method');
  if (method !== undefined && challenge === undefined) return fail('invalid_request', 'Missing required parameter code_challenge');
  if (challenge !== undefined && !CHALLENGE.test(challenge)) return fail('invalid_request', 'Malformed code_challenge');

  const prompt = (params.prompt ?? '').split(' ').filter((p) => p !== '');
  if (prompt.some((p) => !PROMPTS.has(p))) return fail('invalid_request', 'Unsupported prompt value');
  if (prompt.includes('none') && prompt.length > 1) return fail('invalid_request', 'prompt=none cannot be combined with other values');
  const maxAgeText = params.maxAge;
  if (maxAgeText !== undefined && !/^\d{1,10}$/.test(maxAgeText)) return fail('invalid_request', 'max_age must be a number of seconds');

  let scopes: string[];
  try {
    scopes = await grantedUserScopes(services, pool, client, params.scope);
  } catch (error) {
    if (error instanceof OAuthError) return fail(error.error, error.description ?? error.error);
    throw error;
  }

  return {
    kind: 'valid',
    client,
    ...(selection.kind === 'external' ? { provider: selection.provider } : {}),
    request: {
      responseType,
      clientId: client.ClientId,
      redirectUri,
      scopes,
      ...(state !== undefined ? { state } : {}),
      ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
      ...(responseType === 'code' && challenge !== undefined ? { codeChallenge: challenge } : {}),
      prompt,
      ...(maxAgeText !== undefined ? { maxAge: Number(maxAgeText) } : {}),
    },
  };
}

/** Whether the session is too old for the request (`max_age`) or the request asks to sign in again. */
export function mustSignInAgain(services: Services, request: AuthorizationRequest, session: SsoSession): boolean {
  if (request.prompt.includes('login')) return true;
  if (request.maxAge === undefined) return false;
  const age = Math.floor(services.clock.now() / 1000) - session.authTime;
  return request.maxAge === 0 || age > request.maxAge;
}

export type AuthorizeOutcome =
  /** Show the sign-in page (`/login` with the same query parameters). */
  | { kind: 'login' }
  /** Redirect the browser to the client's redirect URI with a code, tokens or an error. */
  | { kind: 'redirect'; response: AuthorizationResponse };

/**
 * Single sign-on: with a usable session the request completes at once; without one the user signs
 * in, except with `prompt=none`, which answers `login_required`.
 */
export async function authorizeWithSession(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  request: AuthorizationRequest,
  session: SsoSession | undefined,
): Promise<AuthorizeOutcome> {
  if (session && !mustSignInAgain(services, request, session)) {
    return { kind: 'redirect', response: await completeAuthorization(services, { pool, client, user: session.user, authTime: session.authTime, request }) };
  }
  if (request.prompt.includes('none')) {
    return {
      kind: 'redirect',
      response: {
        redirectUri: request.redirectUri,
        mode: request.responseType === 'token' ? 'fragment' : 'query',
        result: { kind: 'error', error: 'login_required', errorDescription: 'The user must sign in.', state: request.state },
      },
    };
  }
  return { kind: 'login' };
}

export interface CompletionRequest {
  pool: UserPool;
  client: UserPoolClient;
  /** The user who signed in (or whose SSO session is used). */
  user: User;
  /** Epoch seconds of that sign-in. */
  authTime: number;
  /** The checked request from `checkAuthorizationRequest`. */
  request: AuthorizationRequest;
}

/**
 * Ends a successful authorization: what to send back to the client. For `code`, a code and `state`
 * in the query; for `token` (implicit), in the fragment, the access token, the ID token (with
 * `openid`), its type, lifetime and `state`, and no refresh token.
 */
export async function completeAuthorization(services: Services, req: CompletionRequest): Promise<AuthorizationResponse> {
  const { request } = req;
  if (request.responseType === 'code') {
    const code = await issueCode(services, {
      pool: req.pool,
      client: req.client,
      user: req.user,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      authTime: req.authTime,
    });
    return { redirectUri: request.redirectUri, mode: 'query', result: { kind: 'code', code, state: request.state } };
  }
  const tokens = await issueTokens(services, {
    pool: req.pool,
    client: req.client,
    user: req.user,
    authTime: req.authTime,
    oauthScopes: request.scopes,
    nonce: request.nonce,
    refreshToken: false,
    trigger: { source: 'TokenGeneration_HostedAuth' },
  });
  return {
    redirectUri: request.redirectUri,
    mode: 'fragment',
    result: { kind: 'tokens', accessToken: tokens.accessToken, idToken: tokens.idToken, tokenType: 'Bearer', expiresIn: tokens.expiresIn, state: request.state },
  };
}
