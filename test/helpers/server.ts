import { randomBytes } from 'node:crypto';
import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { RunningServer, ServerOptions } from '../../src/http/server.js';
import { startServer } from '../../src/http/server.js';
import { TEST_DATABASE_URL } from './global-setup.js';

export type EngineName = 'sqlite' | 'postgres';

/** The storage engines this machine can run: SQLite always, PostgreSQL when reachable. */
export function engines(): EngineName[] {
  return inject('postgres') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh PostgreSQL database for one server; dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cognate_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer extends RunningServer {
  engine: EngineName;
  /** An AWS SDK v3 client pointed at this server, with dummy credentials as local tools use. */
  cognito: CognitoIdentityProviderClient;
}

/** Starts the real server on an ephemeral port, on the given engine, in memory or a fresh database. */
export async function startTestServer(engine: EngineName, options: ServerOptions = {}): Promise<TestServer> {
  let drop: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    const db = await createTestDatabase();
    databaseUrl = db.url;
    drop = db.drop;
  }
  const server = await startServer({
    port: 0,
    inMemory: options.dataDir === undefined,
    logLevel: 'error',
    databaseUrl,
    ...options,
  });
  const cognito = sdkClient(server.url);
  return {
    ...server,
    engine,
    cognito,
    close: async () => {
      cognito.destroy();
      await server.close();
      await drop?.();
    },
  };
}

export function sdkClient(endpoint: string, credentials = { accessKeyId: 'local', secretAccessKey: 'local' }) {
  return new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/**
 * Runs the suite once per engine, each against its own server:
 * `forEachEngine('users', (s) => { it('...', async () => { await s().cognito.send(...) }) })`.
 */
export function forEachEngine(title: string, suite: (server: () => TestServer) => void, options: ServerOptions = {}): void {
  for (const engine of engines()) {
    describe(`${title} [${engine}]`, () => {
      let server: TestServer | undefined;
      beforeAll(async () => {
        server = await startTestServer(engine, options);
      });
      afterAll(async () => {
        await server?.close();
      });
      suite(() => {
        if (!server) throw new Error('server not started');
        return server;
      });
    });
  }
}

/** A response body as loosely typed JSON, for asserting wire formats. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = async (res: Response): Promise<any> => res.json();

/** A CONFIRMED user with a permanent password and, by default, a verified e-mail address. */
export async function createConfirmedUser(
  cognito: CognitoIdentityProviderClient,
  UserPoolId: string,
  Username: string,
  Password: string,
  UserAttributes: AttributeType[] = [
    { Name: 'email', Value: `${Username}@example.com` },
    { Name: 'email_verified', Value: 'true' },
  ],
): Promise<void> {
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS', UserAttributes }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
}

/**
 * `count` servers on one fresh PostgreSQL database with one master key, as several nodes behind a
 * load balancer run, started before and stopped after the enclosing suite; the returned function
 * gives the running servers.
 */
export function nodesOnOneDatabase(count: number, options: ServerOptions = {}): () => TestServer[] {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let nodes: TestServer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const masterKey = randomBytes(32).toString('hex');
    for (let i = 0; i < count; i++) {
      const node = await startServer({ port: 0, inMemory: true, logLevel: 'error', databaseUrl: db.url, masterKey, ...options });
      nodes.push({ ...node, engine: 'postgres', cognito: sdkClient(node.url) });
    }
  });
  afterAll(async () => {
    for (const node of nodes) {
      node.cognito.destroy();
      await node.close();
    }
    nodes = [];
    await db?.drop();
  });
  return () => nodes;
}
