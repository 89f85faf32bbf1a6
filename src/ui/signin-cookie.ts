import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostedSignIn } from '../core/hosted-signin.js';
import { sealHostedSignIn } from '../core/hosted-signin.js';
import type { Services } from '../core/services.js';
import type { PoolContext } from '../oauth/context.js';

/**
 * The sign-in in progress between the hosted pages (new password, MFA): sealed by the core, kept in
 * an HttpOnly cookie scoped to the pool's paths, so no form field carries it and no script reads it.
 */
export const SIGNIN_COOKIE = 'cognate-signin';

export function setSignInCookie(reply: FastifyReply, ctx: PoolContext, services: Services, state: HostedSignIn): FastifyReply {
  const maxAge = Math.max(1, Math.ceil((state.expiresAt - services.clock.now()) / 1000));
  return reply.setCookie(SIGNIN_COOKIE, sealHostedSignIn(services, state), { httpOnly: true, sameSite: 'lax', secure: ctx.secure, path: ctx.cookiePath, maxAge });
}

export function clearSignInCookie(reply: FastifyReply, ctx: PoolContext): FastifyReply {
  return reply.clearCookie(SIGNIN_COOKIE, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, path: ctx.cookiePath });
}

export const signInCookieOf = (request: FastifyRequest): string | undefined => request.cookies[SIGNIN_COOKIE];
