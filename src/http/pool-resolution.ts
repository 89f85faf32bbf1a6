import { CognitoError } from '../core/errors.js';
import { regionOfPoolId } from '../core/ids.js';
import { findDomain, PREFIX_PATTERN } from '../core/pool/domains.js';
import type { UserPool } from '../core/pool/pools.js';
import { getPool } from '../core/pool/pools.js';
import type { Services } from '../core/services.js';
import type { PoolContext } from '../web/pool-context.js';
import { isSecure } from '../web/pool-context.js';

/**
 * How a request finds its pool. The path form `/<poolId>/oauth2/...` works on any host; the host form
 * serves the same endpoints at the root of a pool's domain: `<prefix>.auth.localhost`,
 * `<prefix>.auth.<region>.amazoncognito.com` or a custom domain. Undefined when no pool is served there.
 */

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

async function poolOrUndefined(services: Services, poolId: string): Promise<UserPool | undefined> {
  if (!POOL_ID.test(poolId)) return undefined;
  try {
    return await getPool(services, poolId);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

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
  else if (aws) domainName = aws[1];
  else {
    domainName = name;
    kind = 'custom';
  }
  if (!domainName || (kind === 'prefix' && !PREFIX_PATTERN.test(domainName))) return undefined;
  const domain = await findDomain(services, domainName);
  if (!domain || domain.kind !== kind) return undefined;
  // `<prefix>.auth.<region>.amazoncognito.com` serves only a pool of that region, as on AWS.
  if (aws && regionOfPoolId(domain.UserPoolId) !== aws[2]) return undefined;
  const pool = await poolOrUndefined(services, domain.UserPoolId);
  if (!pool) return undefined;
  return { pool, form: 'host', base: '', cookiePath: '/', secure: isSecure(services) };
}
