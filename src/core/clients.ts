import type { UserPoolClientType } from '@aws-sdk/client-cognito-identity-provider';
import type { SealedSecret } from '../crypto/seal.js';
import * as repo from '../store/clients.js';
import type { UserPoolClientRow } from '../store/schema.js';
import { err } from './errors.js';
import type { Services } from './services.js';

/**
 * An app client's configuration as Cognito describes it, with dates as epoch milliseconds.
 * The secret is never held in clear: `sealedSecret` is what the store keeps, `clientSecret()` opens it.
 */
export type UserPoolClient = Omit<UserPoolClientType, 'CreationDate' | 'LastModifiedDate' | 'ClientSecret'> & {
  UserPoolId: string;
  ClientId: string;
  ClientName: string;
  CreationDate: number;
  LastModifiedDate: number;
  sealedSecret?: SealedSecret;
};

const cacheKey = (clientId: string) => `client:${clientId}`;
const secretContext = (clientId: string) => `client-secret:${clientId}`;

export function clientFromRow(row: UserPoolClientRow): UserPoolClient {
  const client: UserPoolClient = {
    ...(JSON.parse(row.config_json) as object),
    UserPoolId: row.pool_id,
    ClientId: row.id,
    ClientName: row.name,
    CreationDate: row.created_at,
    LastModifiedDate: row.updated_at,
  };
  if (row.sealed_secret) client.sealedSecret = row.sealed_secret as SealedSecret;
  return client;
}

/** The client, from memory when possible; `ResourceNotFoundException` when there is none. */
export async function getClient(services: Services, clientId: string): Promise<UserPoolClient> {
  const client = await services.cache.get(cacheKey(clientId), async () => {
    const row = await repo.findClient(services.store.db, clientId);
    return row ? clientFromRow(row) : undefined;
  });
  if (!client) throw err.clientNotFound(clientId);
  return client;
}

/** The client when it belongs to the pool; a client of another pool is as unknown as a missing one. */
export async function getClientInPool(services: Services, poolId: string, clientId: string): Promise<UserPoolClient> {
  const client = await getClient(services, clientId);
  if (client.UserPoolId !== poolId) throw err.clientNotFound(clientId);
  return client;
}

export function invalidateClient(services: Services, clientId: string): void {
  services.cache.invalidate(cacheKey(clientId));
}

/** The client's secret in clear, for SECRET_HASH and client authentication; undefined for public clients. */
export function clientSecret(services: Services, client: UserPoolClient): string | undefined {
  if (!client.sealedSecret) return undefined;
  return services.sealer.openString(client.sealedSecret, secretContext(client.ClientId));
}

export function sealClientSecret(services: Services, clientId: string, secret: string): SealedSecret {
  return services.sealer.seal(secret, secretContext(clientId));
}
