import { resolve } from 'node:path';
import type { SeedDocument, SeedReport } from '../api/seed.js';
import { applySeed, readSeedFile, seedFunctionModules } from '../api/seed.js';
import { describeClient, getClient, listClients } from '../core/client/clients.js';
import { CognitoError } from '../core/errors.js';
import type { StoredMessage } from '../core/outbox/outbox.js';
import { listOutbox } from '../core/outbox/outbox.js';
import { domainsOfPool } from '../core/pool/domains.js';
import { getPool } from '../core/pool/pools.js';
import type { Services } from '../core/services.js';
import { issuerOf, poolBaseUrl } from '../core/token/issuer.js';
import type { FunctionHandler } from '../functions/handler.js';
import { functionRunner } from '../functions/runner.js';
import type { RunningServer, ServerOptions } from './server.js';
import { startServer } from './server.js';

/**
 * `startCognate`: the server as a test suite's global set-up or a script wants it — one call, an
 * ephemeral port and memory by default, a seed given as a file or an object, and what a test needs
 * next (issuer, JWKS, the seeded pools with their clients and secrets, the outbox) without knowing
 * Cognate's routes.
 */

export interface StartCognateOptions extends Omit<ServerOptions, 'beforeListen' | 'functions' | 'port' | 'inMemory'> {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default true: nothing on disk. False keeps the data in `dataDir` (default `.cognate`) or `databaseUrl`. */
  inMemory?: boolean;
  /** A seed file (YAML or JSON; its Functions resolve against its folder) or a seed document (against the working directory). */
  seed?: string | SeedDocument;
  /** Trigger functions run in this process: function name or ARN → handler. */
  handlers?: Record<string, FunctionHandler>;
  /** Trigger functions as module files: function name or ARN → file (as `--function`). */
  functionModules?: Record<string, string>;
  /** A Lambda Invoke API server for every other function (as `--lambda-endpoint`). */
  lambdaEndpoint?: string;
}

export interface SeededClient {
  clientId: string;
  clientName: string;
  /** Present for confidential clients. */
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  oauthFlows: string[];
  scopes: string[];
  explicitAuthFlows: string[];
}

export interface SeededPool {
  id: string;
  name: string;
  issuer: string;
  jwksUri: string;
  /** The path-form base of the pool's OAuth endpoints and hosted UI on this server (`<endpoint>/<poolId>`). */
  baseUrl: string;
  /** The prefix domain, if the seed gave one (`<prefix>.auth.localhost:<port>` in a browser). */
  domain?: string;
  clients: SeededClient[];
  /** The seed's user names and passwords (what a test signs in with). */
  users: { username: string; password?: string }[];
}

export interface RunningCognate {
  /** The base URL: the Cognito API (`endpoint` of the AWS SDK, `--endpoint-url`, Amplify's `userPoolEndpoint`) and `/<poolId>/...`. */
  endpoint: string;
  port: number;
  /** The `iss` of the pool's tokens. */
  issuer(poolId: string): string;
  jwksUri(poolId: string): string;
  /** The pools the seed declared, as they are now (generated ids and secrets filled in). */
  pools: SeededPool[];
  seedReport?: SeedReport;
  /** Messages the pool would have sent (codes, temporary passwords), oldest first; `username` narrows to one user. */
  outbox(poolId: string, username?: string): Promise<StoredMessage[]>;
  /** The underlying server, for what the fields above do not cover. */
  server: RunningServer;
  stop(): Promise<void>;
}

export async function startCognate(options: StartCognateOptions = {}): Promise<RunningCognate> {
  const { seed, handlers, functionModules, lambdaEndpoint, ...serverOptions } = options;
  const seedFile = typeof seed === 'string' ? resolve(seed) : undefined;
  const doc: SeedDocument | undefined = seedFile ? await readSeedFile(seedFile) : seed && typeof seed === 'object' ? seed : undefined;
  // A document's module paths are relative to the working directory; a file's to its folder.
  const modules = { ...(doc ? seedFunctionModules(doc, seedFile ?? resolve('seed')) : {}), ...(functionModules ?? {}) };
  let seedReport: SeedReport | undefined;
  const server = await startServer({
    logLevel: 'warn',
    ...serverOptions,
    port: serverOptions.port ?? 0,
    inMemory: options.inMemory ?? true,
    functions: functionRunner({ modules, handlers, lambdaEndpoint }),
    beforeListen: doc
      ? async (services) => {
          try {
            seedReport = await applySeed(services, doc, { functionsLoaded: true });
          } catch (error) {
            if (error instanceof CognitoError) throw new Error(`${seedFile ?? 'seed'}: ${error.type}: ${error.message}`);
            throw error;
          }
        }
      : undefined,
  });
  try {
    const { services } = server;
    const pools = seedReport ? await describeSeededPools(services, seedReport, doc!) : [];
    return {
      endpoint: server.url,
      port: server.port,
      issuer: (poolId) => issuerOf(services.settings, poolId),
      jwksUri: (poolId) => `${poolBaseUrl(services.settings, poolId)}/.well-known/jwks.json`,
      pools,
      seedReport,
      outbox: (poolId, username) => listOutbox(services, { poolId, username }),
      server,
      stop: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

async function describeSeededPools(services: Services, report: SeedReport, doc: SeedDocument): Promise<SeededPool[]> {
  // The report names every pool in seed order, created or already there ("pool <id>").
  const ids = [...report.created, ...report.unchanged].filter((entry) => entry.startsWith('pool ')).map((entry) => entry.slice('pool '.length));
  const pools: SeededPool[] = [];
  for (const id of ids) {
    const pool = await getPool(services, id);
    const { UserPoolClients } = await listClients(services, id, 60);
    const clients: SeededClient[] = [];
    for (const summary of UserPoolClients) {
      const client = describeClient(services, await getClient(services, summary.ClientId!));
      clients.push({
        clientId: client.ClientId!,
        clientName: client.ClientName!,
        ...(client.ClientSecret ? { clientSecret: client.ClientSecret } : {}),
        callbackUrls: client.CallbackURLs ?? [],
        logoutUrls: client.LogoutURLs ?? [],
        oauthFlows: client.AllowedOAuthFlows ?? [],
        scopes: client.AllowedOAuthScopes ?? [],
        explicitAuthFlows: client.ExplicitAuthFlows ?? [],
      });
    }
    const { Domain } = await domainsOfPool(services, id);
    const seedPool = (doc.UserPools ?? []).find((p) => p.Id === id || (!p.Id && p.PoolName === pool.Name));
    pools.push({
      id,
      name: pool.Name,
      issuer: issuerOf(services.settings, id),
      jwksUri: `${poolBaseUrl(services.settings, id)}/.well-known/jwks.json`,
      baseUrl: poolBaseUrl(services.settings, id),
      ...(Domain ? { domain: Domain } : {}),
      clients,
      users: (seedPool?.Users ?? []).map((u) => ({ username: u.Username, ...(u.Password ? { password: u.Password } : {}) })),
    });
  }
  return pools;
}
