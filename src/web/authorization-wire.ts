import type { AuthorizationResponse, AuthorizeParams } from '../core/oauth/authorize.js';

/**
 * The front channel of OAuth 2.0 on the wire: the authorization request's parameters read from a
 * query or form, and the authorization response written into the client's redirect URI. Both
 * `/oauth2/authorize` (oauth) and the sign-in pages that finish it (ui) speak it, so it lives here;
 * the back channel (token form, Basic header, token JSON) is src/oauth's alone.
 */

const AUTHORIZE_NAMES: Record<string, keyof AuthorizeParams> = {
  client_id: 'clientId',
  redirect_uri: 'redirectUri',
  response_type: 'responseType',
  scope: 'scope',
  state: 'state',
  nonce: 'nonce',
  code_challenge: 'codeChallenge',
  code_challenge_method: 'codeChallengeMethod',
  prompt: 'prompt',
  max_age: 'maxAge',
  identity_provider: 'identityProvider',
  idp_identifier: 'idpIdentifier',
  request: 'request',
  request_uri: 'requestUri',
};

/** A parsed query or form: a repeated parameter arrives as an array. */
type Parsed = Record<string, unknown>;

/** The authorization request of a query or form (values exactly as sent; repeated ones named, not read). */
export function readAuthorizeParams(source: unknown): AuthorizeParams {
  const params: AuthorizeParams = {};
  for (const [name, value] of Object.entries((source ?? {}) as Parsed)) {
    if (Array.isArray(value)) {
      params.repeated ??= name;
      continue;
    }
    const key = Object.hasOwn(AUTHORIZE_NAMES, name) ? AUTHORIZE_NAMES[name] : undefined;
    if (key && key !== 'repeated' && typeof value === 'string') params[key] = value;
  }
  return params;
}

function responseParams(response: AuthorizationResponse): [string, string | undefined][] {
  const { result } = response;
  switch (result.kind) {
    case 'code':
      return [['code', result.code], ['state', result.state]];
    case 'tokens':
      return [
        ['access_token', result.accessToken],
        ['id_token', result.idToken],
        ['token_type', result.tokenType],
        ['expires_in', String(result.expiresIn)],
        ['state', result.state],
      ];
    case 'error':
      return [['error', result.error], ['error_description', result.errorDescription], ['state', result.state]];
  }
}

/**
 * The client's redirect URI with the response added, in its query or its fragment. The URI is not
 * re-serialised: the client compares what it gets with what it registered, so it comes back exactly as sent.
 */
export function authorizationRedirect(response: AuthorizationResponse): string {
  const encoded = new URLSearchParams(responseParams(response).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  const uri = response.redirectUri;
  if (response.mode === 'fragment') return `${uri}#${encoded}`;
  return `${uri}${uri.includes('?') ? '&' : '?'}${encoded}`;
}
