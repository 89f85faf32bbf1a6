import type { FastifyRequest } from 'fastify';
import { domainsOfPool, findDomain } from '../core/pool/domains.js';
import type { Services } from '../core/services.js';
import { contextOf } from './pool-context.js';

/**
 * Which hosted pages a request gets: 1, Cognito's classic hosted UI, or 2, managed login. On a
 * domain's host it is that domain's ManagedLoginVersion; the path form `/<poolId>/...` (Cognate's own,
 * Cognito has none) follows the pool's prefix domain, else its custom domain; a pool without a domain is 1.
 */
export function managedLoginVersion(services: Services, request: Pick<FastifyRequest, 'poolContext' | 'headers'>): Promise<1 | 2> {
  // Asked by several parts of one page (the frame, the sign-in choices): looked up once per request.
  let version = asked.get(request);
  if (!version) {
    version = lookUp(services, request);
    asked.set(request, version);
  }
  return version;
}

const asked = new WeakMap<object, Promise<1 | 2>>();

async function lookUp(services: Services, request: Pick<FastifyRequest, 'poolContext' | 'headers'>): Promise<1 | 2> {
  const { pool, form } = contextOf(request);
  const owned = await domainsOfPool(services, pool.Id);
  const host = hostName(request.headers.host);
  const name = form === 'host' && host !== undefined && host === owned.CustomDomain ? owned.CustomDomain : (owned.Domain ?? owned.CustomDomain);
  if (!name) return 1;
  const domain = await findDomain(services, name);
  return domain?.UserPoolId === pool.Id && domain.ManagedLoginVersion === 2 ? 2 : 1;
}

const hostName = (host: string | undefined): string | undefined => host?.split(':')[0]?.toLowerCase().replace(/\.$/, '');
