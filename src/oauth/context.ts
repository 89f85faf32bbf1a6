import type { FastifyRequest } from 'fastify';
import { CognitoError } from '../core/errors.js';
import { findDomain, PREFIX_PATTERN } from '../core/pool/domains.js';
import type { UserPool } from '../core/pool/pools.js';
import { getPool } from '../core/pool/pools.js';
import type { Services } from '../core/services.js';

/**
 * Which pool a hosted-UI/OAuth request is for, and how URLs on this request's host are formed.
 * The path form `/<poolId>/oauth2/...` works on the plain host; the host form serves the same
 * endpoints at the root of a pool's domain: `<prefix>.auth.localhost`, `<prefix>.auth.<region>.amazoncognito.com`
 * or a custom domain.
 */
export interface PoolContext {
  pool: UserPool;
  form: 'path' | 'host';
  /** What precedes `/oauth2/...`, `/login`, `/error` on this host: `/<poolId>` or nothing. */
  base: string;
  /** The SSO cookie is scoped to the pool's paths. */
  cookiePath: string;
  /** Cookies are `Secure` when the server is published over https. */
  secure: boolean;
}

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const contexts = new WeakMap<FastifyRequest, PoolContext>();

/** The context the plugin's hook resolved for this request. */
export function contextOf(request: FastifyRequest): PoolContext {
  const ctx = contexts.get(request);
  if (!ctx) throw new Error('OAuth route reached without a pool context');
  return ctx;
}

export function setContext(request: FastifyRequest, ctx: PoolContext): void {
  contexts.set(request, ctx);
}

async function poolOrUndefined(services: Services, poolId: string): Promise<UserPool | undefined> {
  if (!POOL_ID.test(poolId)) return undefined;
  try {
    return await getPool(services, poolId);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * A hosted-UI cookie's name and path. Over http it is scoped to the pool's paths. Over https it gets
 * the `__Host-` prefix (Secure, no Domain, Path=/: no other host, sibling subdomain or http page can
 * set or shadow it); that prefix requires Path=/, so the pool goes into the name to keep pools apart.
 */
export function poolCookie(ctx: Pick<PoolContext, 'pool' | 'cookiePath' | 'secure'>, name: string): { name: string; path: string; secure: boolean } {
  return ctx.secure ? { name: `__Host-${name}-${ctx.pool.Id}`, path: '/', secure: true } : { name, path: ctx.cookiePath, secure: false };
}

/** Whether the server is published over https (cookies `Secure` and `__Host-`, HSTS). Read per request: the public URL is set after listen. */
export const isSecure = (services: Services) => services.settings.publicUrl.startsWith('https:');

export async function pathContext(services: Services, poolId: string): Promise<PoolContext | undefined> {
  const pool = await poolOrUndefined(services, poolId);
  if (!pool) return undefined;
  return { pool, form: 'path', base: `/${pool.Id}`, cookiePath: `/${pool.Id}`, secure: isSecure(services) };
}

/** The host name of a Host header, lower-cased, without port. */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return name.toLowerCase().replace(/\.$/, '') || undefined;
}

/** The pool whose domain the Host header names, if any. */
export async function hostContext(services: Services, host: string | undefined): Promise<PoolContext | undefined> {
  const name = hostName(host);
  if (!name) return undefined;
  let domainName: string | undefined;
  let kind: 'prefix' | 'custom' = 'prefix';
  const aws = /^([^.]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com$/.exec(name);
  if (name.endsWith('.auth.localhost')) domainName = name.slice(0, -'.auth.localhost'.length);
  else if (aws && aws[2] === services.settings.region) domainName = aws[1];
  else {
    domainName = name;
    kind = 'custom';
  }
  if (!domainName || (kind === 'prefix' && !PREFIX_PATTERN.test(domainName))) return undefined;
  const domain = await findDomain(services, domainName);
  if (!domain || domain.kind !== kind) return undefined;
  const pool = await poolOrUndefined(services, domain.UserPoolId);
  if (!pool) return undefined;
  return { pool, form: 'host', base: '', cookiePath: '/', secure: isSecure(services) };
}
