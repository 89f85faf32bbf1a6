import * as repo from '../../store/oauth.js';
import type { UserPoolClient } from '../client/clients.js';
import { clientTokenValidity } from '../client/clients.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

/**
 * The scopes granted to an OAuth token family, kept by its `origin_jti` so that the refresh_token
 * grant can mint tokens with the same scopes (refresh tokens are opaque and carry nothing).
 */

export async function recordGrant(services: Services, pool: UserPool, client: UserPoolClient, user: User, originJti: string, scopes: string[]): Promise<void> {
  await repo.insertGrant(services.store.db, {
    origin_jti: originJti,
    pool_id: pool.Id,
    client_id: client.ClientId,
    username_key: user.usernameKey,
    scopes: scopes.join(' '),
    expires_at: services.clock.now() + clientTokenValidity(client).refreshSeconds * 1000,
  });
}

/** The family's scopes; undefined for a family that did not start at the OAuth endpoints. */
export async function grantedScopesOf(services: Services, originJti: string): Promise<string[] | undefined> {
  const row = await repo.findGrant(services.store.db, originJti);
  return row ? row.scopes.split(' ').filter((s) => s !== '') : undefined;
}

/** A rotated refresh token extends the life of the family's record. */
export async function extendGrant(services: Services, client: UserPoolClient, originJti: string): Promise<void> {
  await repo.extendGrant(services.store.db, originJti, services.clock.now() + clientTokenValidity(client).refreshSeconds * 1000);
}
