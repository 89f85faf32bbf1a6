import type { ResourceServerDescription, ResourceServerScope } from './types.js';
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/resource-servers.js';
import { CognitoError, err } from '../errors.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

/** Cognito's quota: 25 resource servers per pool. */
export const MAX_RESOURCE_SERVERS_PER_POOL = 25;

export interface ResourceServerInput {
  UserPoolId: string;
  Identifier: string;
  Name: string;
  Scopes?: ResourceServerScope[];
}

// The messages below follow Cognito's style; their exact wording is unconfirmed.
const notFound = (identifier: string) => new CognitoError('ResourceNotFoundException', `Resource server ${identifier} does not exist.`);
const alreadyExists = (identifier: string, poolId: string) =>
  err.invalidParameter(`Resource server with identifier ${identifier} already exists in user pool ${poolId}.`);

const scopesKey = (poolId: string) => `scopes:${poolId}`;

function toWire(row: repo.ResourceServerRecord): ResourceServerDescription {
  return {
    UserPoolId: row.pool_id,
    Identifier: row.identifier,
    Name: row.name,
    Scopes: row.scopes,
  };
}

/** Only the two model members are kept, in the order given, so stored JSON holds nothing a caller invented. */
function cleanScopes(scopes: ResourceServerScope[] | undefined): ResourceServerScope[] {
  const seen = new Set<string>();
  return (scopes ?? []).map((s) => {
    if (seen.has(s.ScopeName!)) throw err.invalidParameter(`Duplicate scope name ${s.ScopeName} in resource server.`);
    seen.add(s.ScopeName!);
    return { ScopeName: s.ScopeName!, ScopeDescription: s.ScopeDescription! };
  });
}

export async function createResourceServer(services: Services, input: ResourceServerInput): Promise<ResourceServerDescription> {
  const pool = await getPool(services, input.UserPoolId);
  const scopes = cleanScopes(input.Scopes);
  const row: repo.ResourceServerRecord = {
    pool_id: pool.Id,
    identifier: input.Identifier,
    name: input.Name,
    scopes,
    created_at: services.clock.now(),
  };
  try {
    await services.store.transaction(async (trx) => {
      if (await repo.findResourceServer(trx, pool.Id, input.Identifier)) throw alreadyExists(input.Identifier, pool.Id);
      if ((await repo.countResourceServers(trx, pool.Id)) >= MAX_RESOURCE_SERVERS_PER_POOL)
        throw err.limitExceeded(`The user pool has reached its limit of ${MAX_RESOURCE_SERVERS_PER_POOL} resource servers.`);
      await repo.insertResourceServer(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists(input.Identifier, pool.Id);
    throw error;
  }
  services.cache.invalidate(scopesKey(pool.Id));
  return toWire(row);
}

export async function describeResourceServer(services: Services, poolId: string, identifier: string): Promise<ResourceServerDescription> {
  const pool = await getPool(services, poolId);
  const row = await repo.findResourceServer(services.store.db, pool.Id, identifier);
  if (!row) throw notFound(identifier);
  return toWire(row);
}

/**
 * Replaces the name and scopes (omitted scopes become none, as in Cognito). App clients that allow a
 * scope that no longer exists keep it in their configuration; it simply grants nothing any more.
 */
export async function updateResourceServer(services: Services, input: ResourceServerInput): Promise<ResourceServerDescription> {
  const pool = await getPool(services, input.UserPoolId);
  const scopes = cleanScopes(input.Scopes);
  const updated = await repo.updateResourceServer(services.store.db, pool.Id, input.Identifier, input.Name, scopes);
  if (!updated) throw notFound(input.Identifier);
  services.cache.invalidate(scopesKey(pool.Id));
  return { UserPoolId: pool.Id, Identifier: input.Identifier, Name: input.Name, Scopes: scopes };
}

export async function deleteResourceServer(services: Services, poolId: string, identifier: string): Promise<void> {
  const pool = await getPool(services, poolId);
  if (!(await repo.deleteResourceServer(services.store.db, pool.Id, identifier))) throw notFound(identifier);
  services.cache.invalidate(scopesKey(pool.Id));
}

export async function listResourceServers(
  services: Services,
  poolId: string,
  maxResults = 50,
  nextToken?: string,
): Promise<{ ResourceServers: ResourceServerDescription[]; NextToken?: string }> {
  const pool = await getPool(services, poolId);
  // One row more than asked tells whether another page follows without a second query.
  const rows = await repo.listResourceServers(services.store.db, pool.Id, maxResults + 1, nextToken);
  const page = rows.slice(0, maxResults);
  return {
    ResourceServers: page.map(toWire),
    ...(rows.length > maxResults ? { NextToken: page[page.length - 1]!.identifier } : {}),
  };
}

/** Every custom scope of the pool as `<identifier>/<scope name>`, cached until a resource server changes. */
export async function customScopesOfPool(services: Services, poolId: string): Promise<ReadonlySet<string>> {
  const scopes = await services.cache.get(scopesKey(poolId), async () => {
    const set = new Set<string>();
    for (const row of await repo.listResourceServers(services.store.db, poolId)) {
      for (const s of row.scopes) set.add(`${row.identifier}/${s.ScopeName}`);
    }
    return set as ReadonlySet<string>;
  });
  return scopes!;
}
