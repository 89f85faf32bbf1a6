import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../core/oauth/errors.js';
import type { Services } from '../core/services.js';

/** RFC 6749 §5.1: token responses must not be cached. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/**
 * CORS for the endpoints browsers call from an app's own origin (token, userInfo, revocation,
 * discovery, JWKS). Never on the authorization endpoint or the pages (RFC 9700 §2.6). No credentials.
 */
export function allowCors(reply: FastifyReply): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, POST, OPTIONS')
    .header('access-control-allow-headers', 'authorization, content-type')
    .header('access-control-max-age', '86400');
}

export const isForm = (request: FastifyRequest): boolean =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers['content-type'] ?? '');

/**
 * An OAuth error as JSON (RFC 6749 §5.2). `invalid_client` is 401 with a Basic challenge when the
 * client tried HTTP Basic (as RFC 6749 requires), otherwise 400 like every other error; Cognito's
 * documentation shows 400 throughout and whether it uses 401 is unconfirmed.
 */
export function sendOAuthError(reply: FastifyReply, error: unknown, services: Services, basicUsed = false): FastifyReply {
  noStore(reply);
  if (error instanceof OAuthError) {
    const body = { error: error.error, ...(error.description ? { error_description: error.description } : {}) };
    if (error.error === 'invalid_client' && basicUsed) return reply.code(401).header('www-authenticate', 'Basic realm="cognito"').send(body);
    return reply.code(400).send(body);
  }
  services.log.error({ err: error }, 'unexpected failure at an OAuth endpoint');
  return reply.code(500).send({ error: 'server_error' });
}
