import type { Services } from '../services.js';

/**
 * The cache key of an app client's configuration, in a module of its own: pools, identity providers
 * and the password grant change what a client resolves to, and must drop it without importing the
 * whole client module (which imports them).
 */
export const clientCacheKey = (clientId: string) => `client:${clientId}`;

/** Forgets the client's cached configuration here and, through the cache's change feed, on every node. */
export function invalidateClient(services: Services, clientId: string): void {
  services.cache.invalidate(clientCacheKey(clientId));
}
