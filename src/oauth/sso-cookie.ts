import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SsoCookie } from '../core/oauth-session.js';
import { SSO_COOKIE_NAME } from '../core/oauth-session.js';
import type { PoolContext } from './context.js';

/**
 * The SSO session cookie: HttpOnly, SameSite=Lax (it must ride along the top-level navigation back
 * from a client to /oauth2/authorize), scoped to the pool's paths, Secure over https.
 */
export function setSsoCookie(reply: FastifyReply, ctx: PoolContext, cookie: SsoCookie): FastifyReply {
  return reply.setCookie(cookie.cookieName, cookie.cookieValue, {
    httpOnly: true,
    sameSite: 'lax',
    path: ctx.cookiePath,
    secure: ctx.secure,
    maxAge: cookie.maxAgeSeconds,
  });
}

export function clearSsoCookie(reply: FastifyReply, ctx: PoolContext): FastifyReply {
  return reply.clearCookie(SSO_COOKIE_NAME, { httpOnly: true, sameSite: 'lax', path: ctx.cookiePath, secure: ctx.secure });
}

export const ssoCookieOf = (request: FastifyRequest): string | undefined => request.cookies[SSO_COOKIE_NAME];
