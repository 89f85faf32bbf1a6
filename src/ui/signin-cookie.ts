import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostedSignIn } from '../core/signin/hosted.js';
import { sealHostedSignIn } from '../core/signin/hosted.js';
import type { Services } from '../core/services.js';
import type { PoolContext } from '../web/pool-context.js';
import { contextOf, poolCookie } from '../web/pool-context.js';

/**
 * The sign-in in progress between the hosted pages (new password, MFA): sealed by the core, kept in
 * an HttpOnly cookie scoped to the pool's paths (over https `__Host-cognate-signin-<poolId>`, see
 * poolCookie), so no form field carries it and no script reads it.
 */
export const SIGNIN_COOKIE = 'cognate-signin';

export function setSignInCookie(reply: FastifyReply, ctx: PoolContext, services: Services, state: HostedSignIn): FastifyReply {
  const maxAge = Math.max(1, Math.ceil((state.expiresAt - services.clock.now()) / 1000));
  const cookie = poolCookie(ctx, SIGNIN_COOKIE);
  return reply.setCookie(cookie.name, sealHostedSignIn(services, state), { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: cookie.path, maxAge });
}

export function clearSignInCookie(reply: FastifyReply, ctx: PoolContext): FastifyReply {
  const cookie = poolCookie(ctx, SIGNIN_COOKIE);
  return reply.clearCookie(cookie.name, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: cookie.path });
}

export const signInCookieOf = (request: FastifyRequest): string | undefined => request.cookies[poolCookie(contextOf(request), SIGNIN_COOKIE).name];
