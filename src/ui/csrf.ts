import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PoolContext } from '../web/pool-context.js';
import { contextOf, poolCookie } from '../web/pool-context.js';

/**
 * CSRF protection of the hosted forms, as Cognito's hosted UI does it: the GET sets an `XSRF-TOKEN`
 * cookie and the form repeats it in a hidden `_csrf` field; a POST whose two values differ is refused.
 * Another site can make the browser post the form but can neither read nor set the cookie. The
 * cookie is SameSite=Lax on top, and HttpOnly: the pages need no JavaScript to read it. Over https
 * it is `__Host-XSRF-TOKEN-<poolId>` (see poolCookie), so a sibling subdomain cannot plant one.
 */

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_FIELD = '_csrf';
/** 256 random bits, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The request's token, or a new one set as the cookie on this reply. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, ctx: PoolContext): string {
  const cookie = poolCookie(ctx, CSRF_COOKIE);
  const existing = request.cookies[cookie.name];
  if (existing && TOKEN.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(cookie.name, token, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: cookie.path });
  return token;
}

/** Whether the form's `_csrf` equals the cookie (compared in constant time). */
export function csrfValid(request: FastifyRequest, field: unknown): boolean {
  const cookie = request.cookies[poolCookie(contextOf(request), CSRF_COOKIE).name];
  if (typeof cookie !== 'string' || typeof field !== 'string' || !TOKEN.test(cookie)) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  return a.length === b.length && timingSafeEqual(a, b);
}
