import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SsoCookie } from '../core/oauth/sso-session.js';
import { SSO_COOKIE_NAME } from '../core/oauth/sso-session.js';
import type { PoolContext } from './pool-context.js';
import { contextOf, poolCookie } from './pool-context.js';

/**
 * The SSO session cookie, set by the sign-in pages and read by /oauth2/authorize and /logout:
 * HttpOnly, SameSite=Lax (it must ride along the top-level navigation back from a client to
 * /oauth2/authorize), scoped to the pool's paths; over https Secure and `__Host-cognito-<poolId>`.
 */
export function setSsoCookie(reply: FastifyReply, ctx: PoolContext, cookie: SsoCookie): FastifyReply {
  const { name, path, secure } = poolCookie(ctx, cookie.cookieName);
  return reply.setCookie(name, cookie.cookieValue, { httpOnly: true, sameSite: 'lax', path, secure, maxAge: cookie.maxAgeSeconds });
}

export function clearSsoCookie(reply: FastifyReply, ctx: PoolContext): FastifyReply {
  const { name, path, secure } = poolCookie(ctx, SSO_COOKIE_NAME);
  return reply.clearCookie(name, { httpOnly: true, sameSite: 'lax', path, secure });
}

export const ssoCookieOf = (request: FastifyRequest): string | undefined => request.cookies[poolCookie(contextOf(request), SSO_COOKIE_NAME).name];
