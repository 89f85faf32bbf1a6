import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';
import type { IssuerStyle, Services, SocialProviderType } from '../core/services.js';
import { ConfigCache } from '../core/services.js';
import type { Clock, Random } from '../core/providers.js';
import { systemClock, systemRandom } from '../core/providers.js';
import type { UiRateLimit } from '../core/oauth/ui-throttle.js';
import { LOCAL_ACCOUNT_ID } from '../core/ids.js';
import type { FunctionRunner } from '../core/trigger/runner.js';
import { NO_FUNCTIONS } from '../core/trigger/runner.js';
import { checkMasterKey } from '../core/keys/master-key-check.js';
import { quotaRates } from '../core/quota/rates.js';
import { defaultPostgresKeyDir, resolveMasterKey } from '../crypto/master-key.js';
import { Sealer } from '../crypto/seal.js';
import { openStore } from '../store/database.js';
import type { Store } from '../store/database.js';
import type { LogStream } from './app.js';
import { createFastify, registerRoutes } from './app.js';
import { scheduleOutboxSweep } from '../core/outbox/outbox.js';
import { scheduleInvocationSweep } from '../core/trigger/invocations.js';
import type { WorkerLink } from './worker-link.js';

export interface ServerOptions {
  /** `--compromised-passwords`: leaked passwords a risk configuration may BLOCK at sign-in (core/events/risk.ts). */
  compromisedPasswords?: Iterable<string>;
  port?: number;
  host?: string;
  /**
   * Folder for the SQLite file and key material; ignored with `inMemory`. With `databaseUrl` it holds
   * only master.key, and when absent the key lives in the user's configuration folder (master-key.ts).
   */
  dataDir?: string;
  inMemory?: boolean;
  databaseUrl?: string;
  publicUrl?: string;
  region?: string;
  issuerStyle?: IssuerStyle;
  adminCredentials?: AdminCredentials;
  masterKey?: string;
  logLevel?: string;
  clock?: Clock;
  random?: Random;
  /** The hosted UI's throttle on form posts; absent means its defaults (core/oauth/ui-throttle.ts). */
  uiRateLimit?: UiRateLimit;
  /** `--provider-endpoint`: social provider types reached at these OIDC issuers instead of Cognate's own stand-in. */
  providerEndpoints?: Partial<Record<SocialProviderType, string>>;
  /**
   * `--quotas`: Cognito's request-rate quotas (core/quota), `'aws'` for AWS's default rates or requests
   * per second by category; absent means none are enforced.
   */
  quotas?: 'aws' | Readonly<Record<string, unknown>>;
  /** `--allowed-hosts`: more Host names the open admin surface answers to (host-guard.ts). */
  allowedHosts?: string[];
  /** `--outbox-retention`: seconds outbox messages are kept (default 24 hours). */
  outboxRetentionSeconds?: number;
  /** Log lines go here instead of stdout. */
  logStream?: LogStream;
  /** Where the functions pools name in LambdaConfig run (`--function`, `--lambda-endpoint`, a seed's `Functions`). */
  functions?: FunctionRunner;
  /** This process is a worker of `serve --workers N`: the SQLite file is shared, and invalidations go through the primary. */
  workerLink?: WorkerLink;
  /** Runs once storage is ready and before the port opens (the seed uses it). */
  beforeListen?: (services: Services) => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  app: FastifyInstance;
  /** Where the master key came from, and the key file this start created, if any. */
  masterKey: { source: string; createdFile?: string };
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? '.cognate');
  const app = createFastify(options.logLevel, options.logStream);
  const keyDir = options.inMemory ? undefined : options.databaseUrl ? (options.dataDir ?? defaultPostgresKeyDir()) : dataDir;
  const store = await openStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.databaseUrl ? undefined : dataDir,
    shared: options.workerLink !== undefined,
    // The message and code only: pg's errors carry the whole client object.
    onConnectionLost: (error) => app.log.warn({ reason: error.message, code: (error as { code?: string }).code }, 'PostgreSQL connection lost; the pool opens a new one'),
  });
  try {
    const masterKey = resolveMasterKey({ envValue: options.masterKey, keyDir });
    const keySource = masterKey.createdFile ? 'a new one made for this start' : masterKey.source;
    await checkMasterKey(store, new Sealer(masterKey.key), keySource, Date.now()).catch((error: unknown) => {
      // A key made just now for a database set up with another one would only mislead the next start.
      if (masterKey.createdFile) rmSync(masterKey.createdFile, { force: true });
      throw error;
    });
    const services: Services = {
      store,
      sealer: new Sealer(masterKey.key),
      clock: options.clock ?? systemClock,
      random: options.random ?? systemRandom,
      settings: {
        region: options.region ?? 'us-east-1',
        publicUrl: '',
        issuerStyle: options.issuerStyle ?? 'local',
        accountId: LOCAL_ACCOUNT_ID,
        ...(options.outboxRetentionSeconds !== undefined ? { outboxRetentionSeconds: options.outboxRetentionSeconds } : {}),
        ...(options.uiRateLimit ? { uiRateLimit: options.uiRateLimit } : {}),
        ...(options.quotas !== undefined ? { quotas: quotaRates(options.quotas) } : {}),
        ...(options.providerEndpoints ? { providerEndpoints: options.providerEndpoints } : {}),
        ...(options.compromisedPasswords ? { compromisedPasswords: new Set(options.compromisedPasswords) } : {}),
      },
      log: app.log,
      // SQLite has one process (sqlite-file.ts locks the folder); PostgreSQL nodes tell each other, and
      // entries expire besides, in case a message was lost.
      cache: cacheFor(store, options.workerLink),
      functions: options.functions ?? NO_FUNCTIONS,
    };
    if (options.workerLink) holdResponsesForSiblings(app, options.workerLink);
    await registerRoutes(app, services, { adminCredentials: options.adminCredentials, allowedHosts: options.allowedHosts });
    await options.beforeListen?.(services);
    await app.listen({ port: options.port ?? 9400, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 9400);
    services.settings.publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const stopOutboxSweep = scheduleOutboxSweep(services);
    const stopInvocationSweep = scheduleInvocationSweep(services);
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      services,
      app,
      masterKey: { source: masterKey.source, createdFile: masterKey.createdFile },
      close: () =>
        (closing ??= (async () => {
          stopOutboxSweep();
          stopInvocationSweep();
          await app.close();
          await store.close();
        })()),
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** The configuration cache, told of other nodes' writes through the store's change feed when there is one. */
function cacheFor(store: Store, workerLink?: WorkerLink): ConfigCache {
  const changes = store.changes;
  if (!changes && !workerLink) return new ConfigCache();
  const cache = new ConfigCache(2000);
  workerLink?.attach(cache);
  cache.connect({
    publish: (key) => {
      changes?.publish(key);
      workerLink?.publish(key);
    },
  });
  if (!changes) return cache;
  cache.setSynchronised(changes.listening);
  changes.on('connected', () => cache.setSynchronised(true));
  changes.on('disconnected', () => cache.setSynchronised(false));
  changes.on('message', (key) => cache.forget(key));
  return cache;
}

/** A response that follows a write waits until the other workers have dropped what it invalidated (read-your-writes). */
function holdResponsesForSiblings(app: FastifyInstance, link: WorkerLink): void {
  app.addHook('onSend', (_request, _reply, payload, done) => {
    const settled = link.settled();
    if (!settled) return done(null, payload);
    void settled.then(() => done(null, payload));
  });
}
