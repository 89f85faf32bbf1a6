import type { FastifyInstance } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';
import type { IssuerStyle, Services } from '../core/services.js';
import { ConfigCache } from '../core/services.js';
import type { Clock, Random } from '../core/providers.js';
import { systemClock, systemRandom } from '../core/providers.js';
import { LOCAL_ACCOUNT_ID } from '../core/ids.js';
import { loadMasterKey } from '../crypto/master-key.js';
import { Sealer } from '../crypto/seal.js';
import { openStore } from '../store/database.js';
import { createFastify, registerRoutes } from './app.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Folder for the SQLite file and key material; ignored with `inMemory`. */
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
  /** Runs once storage is ready and before the port opens (the seed uses it). */
  beforeListen?: (services: Services) => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? '.cognate');
  const app = createFastify(options.logLevel);
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.databaseUrl ? undefined : dataDir });
  try {
    const masterKey = loadMasterKey({ envValue: options.masterKey, dataDir });
    const services: Services = {
      store,
      sealer: new Sealer(masterKey),
      clock: options.clock ?? systemClock,
      random: options.random ?? systemRandom,
      settings: {
        region: options.region ?? 'us-east-1',
        publicUrl: '',
        issuerStyle: options.issuerStyle ?? 'local',
        accountId: LOCAL_ACCOUNT_ID,
      },
      log: app.log,
      // SQLite has one writer (this process); PostgreSQL may have several nodes, so their caches expire.
      cache: new ConfigCache(store.engine === 'postgres' ? 2000 : Number.POSITIVE_INFINITY),
    };
    await registerRoutes(app, services, { adminCredentials: options.adminCredentials });
    await options.beforeListen?.(services);
    await app.listen({ port: options.port ?? 9400, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 9400);
    services.settings.publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      services,
      app,
      close: () =>
        (closing ??= (async () => {
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
