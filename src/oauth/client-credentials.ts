import type { ClientCredentials } from '../core/oauth/client-auth.js';
import { clientAuthFailed } from '../core/oauth/client-auth.js';
import { oauthError } from '../core/oauth/errors.js';
import type { SingleParams } from './form.js';

/**
 * Where a client's credentials are on the wire (RFC 6749 §2.3): `client_secret_basic` (HTTP Basic),
 * `client_secret_post` (client_id and client_secret in the body), or client_id alone for a public
 * client. One method per request. The core decides whether they prove the client.
 */

/** RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw clientAuthFailed();
  }
}

/** The id and secret of an `Authorization: Basic` header; undefined for other schemes. */
export function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic[ ]+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw clientAuthFailed();
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

export const usesBasic = (header: string | undefined): boolean => header !== undefined && /^Basic\b/i.test(header);

/** The credentials of a token or revocation request: its Authorization header and its form. */
export function clientCredentialsOf(authorization: string | undefined, params: SingleParams): ClientCredentials {
  const basic = parseBasic(authorization);
  if (authorization !== undefined && !basic && usesBasic(authorization)) throw clientAuthFailed();
  if (!basic) return { clientId: params.client_id, clientSecret: params.client_secret, presentedIn: 'body' };
  if (params.client_secret !== undefined) throw oauthError('invalid_request', 'The client used more than one authentication method.');
  if (params.client_id !== undefined && params.client_id !== basic.id) throw clientAuthFailed();
  return { clientId: basic.id, clientSecret: basic.secret, presentedIn: 'basic' };
}
