import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { getClient, createClient } from '../core/client/clients.js';
import { CognitoError } from '../core/errors.js';
import { getPool } from '../core/pool/pools.js';
import { createUserPool } from '../core/pool/create.js';
import type { Services } from '../core/services.js';
import { findUser } from '../core/user/users.js';
import { findGroup } from '../store/groups.js';
import { findDomain } from '../core/pool/domains.js';
import { seedStandInIdentities } from '../core/idp/stand-in-identities.js';
import { setPasswordGrantAllowed } from '../core/oauth/password-grant.js';
import type { Operation } from './operation.js';
import { loadOperations } from './registry.js';
import { validateInput } from './validate.js';
import createUserPoolOperation from './operations/CreateUserPool.js';
import createClientOperation from './operations/CreateUserPoolClient.js';

/**
 * A declarative seed: pools with fixed ids, their domain, resource servers, clients (fixed ids and
 * secrets), groups and users. Member names are the Cognito API's own. Applying a seed creates what is
 * missing and leaves what exists alone, so applying it twice changes nothing.
 */
export interface SeedDocument {
  UserPools?: SeedPool[];
  /**
   * Trigger functions as local modules: function name (or ARN) → module file, relative to the seed
   * file's folder. Code loads only into the process that starts the server (`cognate serve --seed`,
   * which reads them with `seedFunctionModules`), so applying a seed with Functions elsewhere is refused.
   */
  Functions?: Record<string, string>;
  /** Identities the social stand-in offers from the start: `{ Provider, Subject, Email?, Name?, GivenName?, FamilyName?, Picture? }`. */
  StandInIdentities?: unknown[];
}

export interface ApplySeedOptions {
  /** The seed's Functions were given to the server's function runner at its start. */
  functionsLoaded?: boolean;
}

type Json = Record<string, unknown>;

interface SeedPool extends Json {
  Id?: string;
  PoolName: string;
  Domain?: string;
  CustomDomain?: Json & { Domain: string };
  ResourceServers?: Json[];
  Clients?: (Json & { ClientId?: string; ClientName: string })[];
  Groups?: (Json & { GroupName: string })[];
  Users?: SeedUser[];
}

interface SeedUser extends Json {
  Username: string;
  Password?: string;
  /** False makes the password temporary (FORCE_CHANGE_PASSWORD), as AdminSetUserPassword's Permanent. */
  Permanent?: boolean;
  Attributes?: Record<string, string>;
  Groups?: string[];
  Enabled?: boolean;
}

export interface SeedReport {
  created: string[];
  unchanged: string[];
}

const POOL_SEED_KEYS = new Set(['Id', 'Domain', 'CustomDomain', 'ResourceServers', 'Clients', 'Groups', 'Users']);

export async function readSeedFile(file: string): Promise<SeedDocument> {
  const text = await readFile(file, 'utf8');
  // YAML is a superset of JSON: one parser reads both. Loaded here, as only seeds are YAML.
  const { parse: parseYaml } = await import('yaml');
  const doc = parseYaml(text) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: a seed is a mapping with a UserPools list`);
  return doc as SeedDocument;
}

/** The seed's Functions map, its files resolved against the seed file's folder. */
export function seedFunctionModules(doc: SeedDocument, file: string): Record<string, string> {
  const functions = doc.Functions;
  if (functions === undefined) return {};
  if (functions === null || typeof functions !== 'object' || Array.isArray(functions) || Object.values(functions).some((f) => typeof f !== 'string'))
    throw new Error(`${file}: Functions maps function names (or ARNs) to module files`);
  return Object.fromEntries(Object.entries(functions).map(([name, module]) => [name, resolve(dirname(file), module)]));
}

export async function applySeedFile(services: Services, file: string, options: ApplySeedOptions = {}): Promise<SeedReport> {
  return applySeedFromFile(services, file, await readSeedFile(file), options);
}

/** applySeed for a document read from `file` (readSeedFile), whose name its errors then carry. */
export async function applySeedFromFile(services: Services, file: string, doc: SeedDocument, options: ApplySeedOptions = {}): Promise<SeedReport> {
  try {
    return await applySeed(services, doc, options);
  } catch (error) {
    if (error instanceof CognitoError) throw new Error(`${file}: ${error.type}: ${error.message}`);
    throw error;
  }
}

export async function applySeed(services: Services, doc: SeedDocument, options: ApplySeedOptions = {}): Promise<SeedReport> {
  if (doc.UserPools !== undefined && !Array.isArray(doc.UserPools)) throw invalid('UserPools must be a list');
  if (doc.Functions !== undefined && !options.functionsLoaded)
    throw invalid(
      'Functions loads code into the server process, so only a seed given at start applies it (cognate serve --seed, or startServer with functions); give a running server its functions with --function or --lambda-endpoint when it starts',
    );
  const report: SeedReport = { created: [], unchanged: [] };
  // Everything not pinned by id goes through the operations themselves: same validation, same rules.
  const call = async (name: string, input: unknown) => {
    const op = await operation(name);
    validateInput(op.input, input);
    return op.run(services, input, { ip: '127.0.0.1', requestId: 'seed' });
  };
  for (const seedPool of doc.UserPools ?? []) await applyPool(services, seedPool, call, report);
  if (doc.StandInIdentities !== undefined) {
    const standIn = await seedStandInIdentities(services, doc.StandInIdentities);
    report.created.push(...standIn.created);
    report.unchanged.push(...standIn.unchanged);
  }
  return report;
}

type Call = (name: string, input: unknown) => Promise<unknown>;

async function applyPool(services: Services, seed: SeedPool, call: Call, report: SeedReport): Promise<void> {
  if (!seed || typeof seed !== 'object' || typeof seed.PoolName !== 'string') throw invalid('each user pool needs a PoolName');
  const poolInput: Json = {};
  for (const [k, v] of Object.entries(seed)) if (!POOL_SEED_KEYS.has(k)) poolInput[k] = v;

  let poolId = seed.Id;
  if (poolId !== undefined && !/^[\w-]+_[0-9a-zA-Z]+$/.test(poolId)) throw invalid(`pool Id ${poolId} is not a user pool id`);
  if (poolId && (await exists(() => getPool(services, poolId!)))) {
    report.unchanged.push(`pool ${poolId}`);
  } else {
    validateInput(createUserPoolOperation.input, poolInput);
    const created = await createUserPool(services, poolInput, poolId);
    poolId = created.Id!;
    report.created.push(`pool ${poolId}`);
  }
  const UserPoolId = poolId;

  for (const [domain, extra] of [
    [seed.Domain, {}],
    [seed.CustomDomain?.Domain, seed.CustomDomain ? { CustomDomainConfig: seed.CustomDomain.CustomDomainConfig } : {}],
  ] as const) {
    if (!domain) continue;
    const existing = await findDomain(services, domain);
    if (existing && existing.UserPoolId === UserPoolId) report.unchanged.push(`domain ${domain}`);
    else {
      await call('CreateUserPoolDomain', { UserPoolId, Domain: domain, ...extra });
      report.created.push(`domain ${domain}`);
    }
  }

  for (const rs of seed.ResourceServers ?? []) {
    const present = await exists(() => call('DescribeResourceServer', { UserPoolId, Identifier: rs.Identifier }));
    if (present) report.unchanged.push(`resource server ${String(rs.Identifier)}`);
    else {
      await call('CreateResourceServer', { ...rs, UserPoolId });
      report.created.push(`resource server ${String(rs.Identifier)}`);
    }
  }

  for (const client of seed.Clients ?? []) {
    const { ClientId, CognateAllowPasswordGrant, ...input } = client;
    if (ClientId !== undefined && (typeof ClientId !== 'string' || !/^[\w+]{1,128}$/.test(ClientId))) throw invalid(`ClientId ${String(ClientId)} is not a client id`);
    if (CognateAllowPasswordGrant !== undefined && typeof CognateAllowPasswordGrant !== 'boolean') throw invalid('CognateAllowPasswordGrant must be true or false');
    if (ClientId && (await exists(() => getClient(services, ClientId)))) {
      report.unchanged.push(`client ${ClientId}`);
      continue;
    }
    const full = { ...input, UserPoolId };
    validateInput(createClientOperation.input, full);
    const created = await createClient(services, full, ClientId);
    // Cognate-only, for tests that need user tokens without a browser; never on by default.
    if (CognateAllowPasswordGrant === true) await setPasswordGrantAllowed(services, created.ClientId!, true);
    report.created.push(`client ${created.ClientId}`);
  }

  for (const group of seed.Groups ?? []) {
    if (await findGroup(services.store.db, UserPoolId, group.GroupName)) report.unchanged.push(`group ${group.GroupName}`);
    else {
      await call('CreateGroup', { ...group, UserPoolId });
      report.created.push(`group ${group.GroupName}`);
    }
  }

  const pool = await getPool(services, UserPoolId);
  for (const user of seed.Users ?? []) {
    if (!user || typeof user.Username !== 'string') throw invalid('each user needs a Username');
    if (await findUser(services, pool, user.Username)) {
      report.unchanged.push(`user ${user.Username}`);
      continue;
    }
    const attributes = Object.entries(user.Attributes ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) }));
    await call('AdminCreateUser', {
      UserPoolId,
      Username: user.Username,
      UserAttributes: attributes,
      MessageAction: 'SUPPRESS',
      ...(user.Password ? { TemporaryPassword: user.Password } : {}),
    });
    if (user.Password && user.Permanent !== false)
      await call('AdminSetUserPassword', { UserPoolId, Username: user.Username, Password: user.Password, Permanent: true });
    if (user.Enabled === false) await call('AdminDisableUser', { UserPoolId, Username: user.Username });
    for (const GroupName of user.Groups ?? []) await call('AdminAddUserToGroup', { UserPoolId, Username: user.Username, GroupName });
    report.created.push(`user ${user.Username}`);
  }
}

let cachedOperations: Promise<Map<string, Operation>> | undefined;
async function operation(name: string): Promise<Operation> {
  cachedOperations ??= loadOperations();
  return (await cachedOperations).get(name)!;
}

async function exists(lookup: () => Promise<unknown>): Promise<boolean> {
  try {
    await lookup();
    return true;
  } catch (error) {
    if (error instanceof CognitoError && (error.type === 'ResourceNotFoundException' || error.type === 'UserNotFoundException')) return false;
    throw error;
  }
}

const invalid = (message: string) => new CognitoError('InvalidParameterException', `Invalid seed: ${message}`);
