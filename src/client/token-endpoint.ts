import { TokenClientError } from './errors.js';
import { jsonOf, postForm } from './http.js';

/** How a confidential client proves itself: Postman's "Send as Basic Auth header" or "Send client credentials in body". */
export type ClientAuth = 'header' | 'body';

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  clientAuth?: ClientAuth;
}

/** The token endpoint's answer (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they go into the Basic header. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

export function clientAuthentication(client: ClientCredentials): { params: Record<string, string>; headers: Record<string, string> } {
  if (client.clientSecret === undefined || client.clientSecret === '') return { params: { client_id: client.clientId }, headers: {} };
  if ((client.clientAuth ?? 'header') === 'header') {
    const basic = Buffer.from(`${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`).toString('base64');
    return { params: {}, headers: { authorization: `Basic ${basic}` } };
  }
  return { params: { client_id: client.clientId, client_secret: client.clientSecret }, headers: {} };
}

/** An OAuth error answer, in words a person can act on. */
export function oauthFailure(status: number, body: Record<string, unknown> | undefined, what: string): TokenClientError {
  const error = typeof body?.error === 'string' ? body.error : undefined;
  const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
  if (!error) return new TokenClientError('oauth', `${what} failed with HTTP ${status} and no OAuth error`);
  return new TokenClientError('oauth', `${what} failed: ${error}${description ? ` (${description})` : ''}`, error);
}

/** POSTs a grant to the token endpoint and returns the tokens. */
export async function requestToken(
  tokenEndpoint: string,
  grant: Record<string, string | undefined>,
  client: ClientCredentials,
  extra: Record<string, string> = {},
): Promise<TokenResponse> {
  const auth = clientAuthentication(client);
  const res = await postForm(tokenEndpoint, { ...grant, ...auth.params, ...extra }, auth.headers);
  const body = await jsonOf(res);
  if (!res.ok || typeof body?.access_token !== 'string') throw oauthFailure(res.status, body, `The ${grant.grant_type} grant at ${tokenEndpoint}`);
  return body as unknown as TokenResponse;
}

/** Revokes a refresh token (RFC 7009); Cognito answers 200 for tokens it does not know. */
export async function revokeToken(revocationEndpoint: string, token: string, client: ClientCredentials): Promise<void> {
  const auth = clientAuthentication(client);
  const res = await postForm(revocationEndpoint, { token, ...auth.params }, auth.headers);
  if (!res.ok) throw oauthFailure(res.status, await jsonOf(res), 'Revocation');
}
