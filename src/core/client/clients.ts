import type { CreateUserPoolClientInput, UpdateUserPoolClientInput, UserPoolClientDescription, UserPoolClientSummary } from './types.js';
import type { SealedSecret } from '../../crypto/seal.js';
import * as repo from '../../store/clients.js';
import { isUniqueViolation } from '../../store/database.js';
import type { ClientSettings, TokenValidity } from './config.js';
import { buildClientSettings, tokenValidity } from './config.js';
import { CognitoError, err } from '../errors.js';
import { newClientId, newClientSecret } from '../ids.js';
import { getPool } from '../pool/pools.js';
import { clientCacheKey, invalidateClient } from './invalidate.js';
import type { Services } from '../services.js';

/**
 * An app client's configuration as Cognito describes it, with dates as epoch milliseconds.
 * The secret is never held in clear: `sealedSecret` is what the store keeps, `clientSecret()` opens it.
 */
export type UserPoolClient = Omit<UserPoolClientDescription, 'CreationDate' | 'LastModifiedDate' | 'ClientSecret'> & {
  UserPoolId: string;
  ClientId: string;
  ClientName: string;
  CreationDate: number;
  LastModifiedDate: number;
  sealedSecret?: SealedSecret;
  /** Every current secret, oldest first (the first is `sealedSecret`); Cognito allows two for rotation. */
  sealedSecrets?: ClientSecretEntry[];
  /** Cognate-only settings, stored with the configuration and never shown by the API. */
  CognateExtensions?: CognateClientExtensions;
};

export interface CognateClientExtensions {
  /** The resource-owner password grant at /oauth2/token (Cognito has none; RFC 9700 forbids it in production). */
  AllowPasswordGrant?: boolean;
}

export interface ClientSecretEntry {
  /** `<client id>--<epoch milliseconds>`, as Cognito forms ClientSecretId. */
  id: string;
  sealed: SealedSecret;
  createdAt: number;
}

/** Cognito's quota: 1,000 app clients per pool. */
export const MAX_CLIENTS_PER_POOL = 1000;

const secretContext = (clientId: string) => `client-secret:${clientId}`;

export function clientFromRow(row: repo.ClientRecord): UserPoolClient {
  const client: UserPoolClient = {
    // The store keeps what clientConfig() gave it.
    ...(row.config as ClientSettings),
    UserPoolId: row.pool_id,
    ClientId: row.id,
    ClientName: row.name,
    CreationDate: row.created_at,
    LastModifiedDate: row.updated_at,
  };
  if (row.sealed_secret) client.sealedSecret = row.sealed_secret as SealedSecret;
  // A client never rotated has its one secret, dated and named by the client's creation.
  const secrets = row.secrets ?? (row.sealed_secret ? [{ id: `${row.id}--${row.created_at}`, sealed: row.sealed_secret, created_at: row.created_at }] : []);
  if (secrets.length > 0) client.sealedSecrets = secrets.map((s) => ({ id: s.id, sealed: s.sealed as SealedSecret, createdAt: s.created_at }));
  return client;
}

/** The client, from memory when possible; `ResourceNotFoundException` when there is none. */
export async function getClient(services: Services, clientId: string): Promise<UserPoolClient> {
  const client = await services.cache.get(clientCacheKey(clientId), async () => {
    const row = await repo.findClient(services.store.db, clientId);
    return row ? clientFromRow(row) : undefined;
  });
  if (!client) throw err.clientNotFound(clientId);
  // Deleting a pool removes its clients in the database; a cached copy must not outlive it.
  try {
    await getPool(services, client.UserPoolId);
  } catch (error) {
    if (!(error instanceof CognitoError) || error.type !== 'ResourceNotFoundException') throw error;
    invalidateClient(services, clientId);
    throw err.clientNotFound(clientId);
  }
  return client;
}

/** The client when it belongs to the pool; a client of another pool is as unknown as a missing one. */
export async function getClientInPool(services: Services, poolId: string, clientId: string): Promise<UserPoolClient> {
  const client = await getClient(services, clientId);
  if (client.UserPoolId !== poolId) throw err.clientNotFound(clientId);
  return client;
}

/** The client's secret in clear, for SECRET_HASH and client authentication; undefined for public clients. */
export function clientSecret(services: Services, client: UserPoolClient): string | undefined {
  if (!client.sealedSecret) return undefined;
  return services.sealer.openString(client.sealedSecret, secretContext(client.ClientId));
}

/** Every current secret in clear: during a rotation, any of them authenticates the client. */
export function clientSecrets(services: Services, client: UserPoolClient): string[] {
  const sealed = client.sealedSecrets?.map((s) => s.sealed) ?? (client.sealedSecret ? [client.sealedSecret] : []);
  return sealed.map((s) => services.sealer.openString(s, secretContext(client.ClientId)));
}

export function sealClientSecret(services: Services, clientId: string, secret: string): SealedSecret {
  return services.sealer.seal(secret, secretContext(clientId));
}

/** Access, ID and refresh token lifetimes in seconds, with Cognito's defaults for what the client leaves out. */
export function clientTokenValidity(client: UserPoolClient): TokenValidity {
  return tokenValidity(client);
}

/** The wire form for Create/Describe/UpdateUserPoolClient: Cognito returns the secret to IAM callers. */
export function describeClient(services: Services, client: UserPoolClient): UserPoolClientDescription {
  const { sealedSecret: _sealed, sealedSecrets: _all, CognateExtensions: _cognate, CreationDate, LastModifiedDate, ...rest } = client;
  const secret = clientSecret(services, client);
  return {
    ...rest,
    ...(secret !== undefined ? { ClientSecret: secret } : {}),
    CreationDate: new Date(CreationDate),
    LastModifiedDate: new Date(LastModifiedDate),
  };
}

/** The stored configuration: everything but the columns kept separately. */
function clientConfig(client: UserPoolClient): repo.ClientConfig {
  const { sealedSecret: _s, sealedSecrets: _all, UserPoolId: _p, ClientId: _i, ClientName: _n, CreationDate: _c, LastModifiedDate: _m, ...settings } = client;
  return settings;
}

/** Creates an app client; `fixedId` lets a seed pin the id so settings copied into Postman survive restarts. */
export async function createClient(services: Services, input: CreateUserPoolClientInput, fixedId?: string): Promise<UserPoolClientDescription> {
  const pool = await getPool(services, input.UserPoolId!);
  if (input.ClientSecret !== undefined && input.GenerateSecret === true)
    throw err.invalidParameter('You cannot specify both GenerateSecret as true and provide a ClientSecret value.');
  const secret = input.ClientSecret ?? (input.GenerateSecret ? newClientSecret(services.random) : undefined);
  const settings = await buildClientSettings(services, pool, input, secret !== undefined, 'creating');
  const now = services.clock.now();
  const id = fixedId ?? newClientId(services.random);
  const client: UserPoolClient = {
    UserPoolId: pool.Id,
    ClientName: input.ClientName!,
    ClientId: id,
    LastModifiedDate: now,
    CreationDate: now,
    ...settings,
  };
  if (secret !== undefined) client.sealedSecret = sealClientSecret(services, id, secret);
  try {
    await services.store.transaction(async (trx) => {
      if ((await repo.countClients(trx, pool.Id)) >= MAX_CLIENTS_PER_POOL)
        throw err.limitExceeded(`The user pool has reached its limit of ${MAX_CLIENTS_PER_POOL} app clients.`);
      await repo.insertClient(trx, {
        id,
        pool_id: pool.Id,
        name: client.ClientName,
        config: clientConfig(client),
        sealed_secret: client.sealedSecret ?? null,
        created_at: now,
        updated_at: now,
      });
    });
  } catch (error) {
    // 26 random characters colliding is not a thing that happens; if it does, the caller may retry.
    if (isUniqueViolation(error)) throw new CognitoError('ConcurrentModificationException', 'Please retry the request.');
    throw error;
  }
  return describeClient(services, client);
}

export async function describeClientInPool(services: Services, poolId: string, clientId: string): Promise<UserPoolClientDescription> {
  await getPool(services, poolId);
  return describeClient(services, await getClientInPool(services, poolId, clientId));
}

/**
 * Replaces the whole configuration: members the request leaves out go back to their defaults, as
 * Cognito documents. The name is kept when omitted, and the secret never changes here.
 */
export async function updateClient(services: Services, input: UpdateUserPoolClientInput): Promise<UserPoolClientDescription> {
  const pool = await getPool(services, input.UserPoolId!);
  const existing = await getClientInPool(services, pool.Id, input.ClientId!);
  const settings = await buildClientSettings(services, pool, input, existing.sealedSecret !== undefined, 'updating');
  const now = services.clock.now();
  const client: UserPoolClient = {
    UserPoolId: pool.Id,
    ClientName: input.ClientName ?? existing.ClientName,
    ClientId: existing.ClientId,
    LastModifiedDate: now,
    CreationDate: existing.CreationDate,
    ...settings,
  };
  if (existing.sealedSecret) client.sealedSecret = existing.sealedSecret;
  if (existing.sealedSecrets) client.sealedSecrets = existing.sealedSecrets;
  if (existing.CognateExtensions) client.CognateExtensions = existing.CognateExtensions;
  await repo.updateClientConfig(services.store.db, client.ClientId, client.ClientName, clientConfig(client), now);
  invalidateClient(services, client.ClientId);
  return describeClient(services, client);
}

export async function deleteClient(services: Services, poolId: string, clientId: string): Promise<void> {
  const pool = await getPool(services, poolId);
  const deleted = await repo.deleteClient(services.store.db, pool.Id, clientId);
  invalidateClient(services, clientId);
  if (!deleted) throw err.clientNotFound(clientId);
}

export async function listClients(
  services: Services,
  poolId: string,
  maxResults = 60,
  nextToken?: string,
): Promise<{ UserPoolClients: UserPoolClientSummary[]; NextToken?: string }> {
  const pool = await getPool(services, poolId);
  // One row more than asked tells whether another page follows without a second query.
  const rows = await repo.listClients(services.store.db, pool.Id, maxResults + 1, nextToken);
  const page = rows.slice(0, maxResults);
  return {
    UserPoolClients: page.map((r) => ({ ClientId: r.id, UserPoolId: r.pool_id, ClientName: r.name })),
    ...(rows.length > maxResults ? { NextToken: page[page.length - 1]!.id } : {}),
  };
}
