import type { UserPool } from '../core/pool/pools.js';
import type { Services } from '../core/services.js';

/**
 * Which pool a hosted-UI or OAuth request is for, and how URLs and cookies on this request's host are
 * formed. http resolves it (path form `/<poolId>/...`, or a pool's domain in the Host header) and
 * sets it on the request before any oauth or ui handler runs; they read it with `contextOf`.
 */
export interface PoolContext {
  pool: UserPool;
  form: 'path' | 'host';
  /** What precedes `/oauth2/...`, `/login`, `/error` on this host: `/<poolId>` or nothing. */
  base: string;
  /** The hosted UI's cookies are scoped to the pool's paths. */
  cookiePath: string;
  /** Cookies are `Secure` when the server is published over https. */
  secure: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by http's pool endpoints (`decorateRequest`); null outside them. */
    poolContext: PoolContext | null;
  }
}

/** The pool context http resolved for this request. */
export function contextOf(request: { poolContext: PoolContext | null }): PoolContext {
  if (!request.poolContext) throw new Error('Pool endpoint reached without a pool context');
  return request.poolContext;
}

/** Whether the server is published over https (cookies `Secure` and `__Host-`, HSTS). Read per request: the public URL is set after listen. */
export const isSecure = (services: Services): boolean => services.settings.publicUrl.startsWith('https:');

/**
 * A hosted-UI cookie's name and path. Over http it is scoped to the pool's paths. Over https it gets
 * the `__Host-` prefix (Secure, no Domain, Path=/: no other host, sibling subdomain or http page can
 * set or shadow it); that prefix requires Path=/, so the pool goes into the name to keep pools apart.
 */
export function poolCookie(ctx: Pick<PoolContext, 'pool' | 'cookiePath' | 'secure'>, name: string): { name: string; path: string; secure: boolean } {
  return ctx.secure ? { name: `__Host-${name}-${ctx.pool.Id}`, path: '/', secure: true } : { name, path: ctx.cookiePath, secure: false };
}
