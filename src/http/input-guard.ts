import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSafeText, unsafeParameter } from '../core/input-hygiene.js';
import { oauthError } from '../core/oauth/errors.js';
import type { Services } from '../core/services.js';
import { parseBasic } from '../oauth/client-credentials.js';
import { sendOAuthError } from '../oauth/responses.js';
import { GENERIC_ERROR } from '../web/error-page.js';

/**
 * The one entry check of every pool endpoint, OAuth's and the hosted pages' alike: a query, path or form value holding
 * a NUL or an unpaired surrogate (see core/input-hygiene.ts) is refused before any handler reads it,
 * in the endpoint's own format: OAuth's JSON `invalid_request`, or the domain's error page.
 */

export const unsafeInputOf = (params: unknown): string | undefined => unsafeParameter(params);

/** Endpoints that answer JSON; every other route here is a page a browser navigates to. */
const JSON_ENDPOINT = /\/(oauth2\/(token|revoke|userInfo)|\.well-known\/[^/]+)$/;

export function rejectUnsafeInput(request: FastifyRequest, reply: FastifyReply, name: string, services: Services): FastifyReply {
  const route = request.routeOptions.url ?? '';
  if (JSON_ENDPOINT.test(route)) {
    if (name === 'authorization') return sendOAuthError(reply, oauthError('invalid_client', 'The client credentials contain characters that are not allowed.'), services, true);
    return sendOAuthError(reply, oauthError('invalid_request', `Parameter ${name} contains characters that are not allowed.`), services);
  }
  return reply.sendErrorPage({ message: GENERIC_ERROR, details: { error: 'invalid_request' } });
}

/** HTTP Basic client credentials decode to text (RFC 6749 §2.3.1 form-decodes them too), which may hold a NUL. */
export function unsafeBasicCredentials(authorization: string | undefined): boolean {
  try {
    const basic = parseBasic(authorization);
    return basic !== undefined && (!isSafeText(basic.id) || !isSafeText(basic.secret));
  } catch {
    // Unreadable credentials are the token endpoint's to refuse, in its words.
    return false;
  }
}

/**
 * A cookie that cannot be valid (it holds a NUL or an unpaired surrogate) is treated as absent rather
 * than refused: the browser would keep sending it, and the pages must still work to replace it.
 */
export function dropUnsafeCookies(request: FastifyRequest): void {
  const cookies = request.cookies as Record<string, string | undefined> | undefined;
  if (!cookies) return;
  for (const [name, value] of Object.entries(cookies)) {
    if (!isSafeText(name) || (typeof value === 'string' && !isSafeText(value))) delete cookies[name];
  }
}
