import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../core/services.js';
import type { PoolContext } from '../web/pool-context.js';
import { poolCookie } from '../web/pool-context.js';

/**
 * The way back to `/passkeys/add` for a browser sent to sign in first. /passkeys/add sends it to
 * /login with an authorization request whose `state` is a fresh random value, and keeps that value in
 * this cookie; the sign-in that ends with the same state (and the cookie) returns to /passkeys/add
 * instead of the client. Any other sign-in, in this browser or another, goes on as usual.
 */
const RETURN_COOKIE = 'cognate-passkey-return';
const RETURN_SECONDS = 15 * 60;

export function startPasskeyReturn(reply: FastifyReply, ctx: PoolContext, services: Services): string {
  const state = `passkey-${services.random.bytes(18).toString('base64url')}`;
  const cookie = poolCookie(ctx, RETURN_COOKIE);
  reply.setCookie(cookie.name, state, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: cookie.path, maxAge: RETURN_SECONDS });
  return state;
}

/** The /passkeys/add URL to go back to when this sign-in is the one /passkeys/add started; the cookie is cleared then. */
export function passkeyReturn(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: PoolContext,
  authorization: { clientId: string; redirectUri: string; state?: string },
): string | undefined {
  const cookie = poolCookie(ctx, RETURN_COOKIE);
  const expected = request.cookies[cookie.name];
  if (!expected || authorization.state !== expected) return undefined;
  reply.clearCookie(cookie.name, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: cookie.path });
  return `${ctx.base}/passkeys/add?${new URLSearchParams({ client_id: authorization.clientId, redirect_uri: authorization.redirectUri }).toString()}`;
}
