import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminCreateUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/http/server.js';
import type { ServeProcess } from '../helpers/cli.js';
import { spawnServe } from '../helpers/cli.js';
import { TEST_DATABASE_URL } from '../helpers/global-setup.js';
import type { AcknowledgedWrite } from '../helpers/load.js';
import { assertPresent, Burst, clientCredentials, createLoadPool, createUser, mixedWrite } from '../helpers/load.js';
import { createTestDatabase, engines, json, sdkClient } from '../helpers/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** The command-line storage arguments and environment of one engine, on fresh storage. */
async function freshStorage(engine: string): Promise<{ args: string[]; env: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'cognate-faults-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  if (engine === 'sqlite') return { args: ['--data', dir], env: {} };
  const db = await createTestDatabase();
  cleanups.push(db.drop);
  return { args: ['--database-url', db.url], env: { COGNATE_MASTER_KEY: randomBytes(32).toString('hex'), XDG_CONFIG_HOME: dir } };
}

const exited = (child: ServeProcess['child']) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** The promise, unless the server process ends first: then a failure with what it printed. */
const unlessExited = <T>(work: Promise<T>, server: ServeProcess): Promise<T> =>
  Promise.race([work, exited(server.child).then(() => Promise.reject(new Error(`the server exited:\n${server.output()}`)))]);

/** Asks /health until it answers `status` (each ask is a real attempt to reach the database). */
async function healthBecomes(url: string, status: number): Promise<Response> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const res = await fetch(`${url}/health`);
    if (res.status === status) return res;
    await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/health never answered ${status}`);
}

describe.each(engines())('kill -9 under a mixed write load [%s]', (engine) => {
  it('keeps every acknowledged sign-up, password change and token grant across the restart', async () => {
    const storage = await freshStorage(engine);
    const first = await spawnServe([...storage.args, '--port', '0'], storage.env);
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    const cognito = sdkClient(first.url);
    const pool = await createLoadPool(cognito);
    const count = 60;
    for (let i = 1; i < count; i += 3) await createUser(cognito, pool, `existing-${i}`);
    await createUser(cognito, pool, 'granted');

    const burst = new Burst<AcknowledgedWrite>(
      Array.from({ length: count }, (_, i) => mixedWrite(cognito, pool, i, `existing-${i}`, 'granted')),
      6,
    );
    // In the middle of the burst, with requests in flight: no shutdown, no flush.
    await burst.acknowledged(20);
    first.child.kill('SIGKILL');
    await exited(first.child);
    await burst.done;
    cognito.destroy();
    const acknowledged = burst.values;
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(new Set(acknowledged.map((w) => w.kind))).toEqual(new Set(['user', 'password', 'grant']));

    const second = await spawnServe([...storage.args, '--port', '0'], storage.env);
    const again = sdkClient(second.url);
    try {
      for (const write of acknowledged) await assertPresent(again, pool, write);
    } finally {
      again.destroy();
      await second.stop();
    }
  });
});

describe.runIf(engines().includes('postgres'))('PostgreSQL connections dropped under load', () => {
  it('survives every connection being terminated, repeatedly: requests in flight get InternalErrorException or server_error, /health recovers, no acknowledged write is lost', async () => {
    const storage = await freshStorage('postgres');
    const database = new URL(storage.args[1]!).pathname.slice(1);
    const server = await spawnServe([...storage.args, '--port', '0'], storage.env);
    cleanups.push(async () => void server.child.kill('SIGKILL'));
    const cognito = sdkClient(server.url);
    const pool = await createLoadPool(cognito);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    const terminateAll = () => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);

    type Result = { kind: 'user'; username: string } | { kind: 'token' };
    const failures: { status: number; body: Record<string, unknown> }[] = [];
    const operations = Array.from({ length: 150 }, (_, i) => async (): Promise<Result> => {
      if (i % 3 === 2) {
        const { status, body } = await clientCredentials(server.url, pool);
        if (status !== 200) {
          failures.push({ status, body });
          throw new Error(body.error);
        }
        return { kind: 'token' };
      }
      const username = `burst-${i}`;
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser' },
        body: JSON.stringify({ UserPoolId: pool.poolId, Username: username, MessageAction: 'SUPPRESS' }),
      });
      const body = await json(res);
      if (res.status !== 200) {
        failures.push({ status: res.status, body });
        throw new Error(body.__type);
      }
      return { kind: 'user', username };
    });
    const burst = new Burst(operations, 10);
    for (const acks of [15, 45, 75, 105]) {
      await unlessExited(burst.acknowledged(acks), server);
      await terminateAll();
    }
    await unlessExited(burst.done, server);

    expect(server.child.exitCode).toBeNull();
    expect(server.child.signalCode).toBeNull();
    // Every request got an answer (no dropped connection to the client), and every failure is the protocol's own 500.
    expect(burst.errors.length).toBe(failures.length);
    for (const failure of failures) {
      expect(failure.status).toBe(500);
      expect(failure.body.__type ?? failure.body.error).toMatch(/^(InternalErrorException|server_error)$/);
    }
    expect((await healthBecomes(server.url, 200)).status).toBe(200);
    const users = burst.values.flatMap((r) => (r.kind === 'user' ? [r.username] : []));
    expect(users.length).toBeGreaterThan(0);
    for (const username of users) await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
    // And it keeps working.
    expect((await clientCredentials(server.url, pool)).status).toBe(200);
    cognito.destroy();
    expect(await server.stop()).toBe(0);
  });

  it('answers 503 with the reason on /health while the database is unreachable, InternalErrorException to requests, and recovers when it is back', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const proxy = await TcpProxy.start(new URL(TEST_DATABASE_URL));
    cleanups.push(() => proxy.stop());
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const server = await startServer({ port: 0, logLevel: 'silent', databaseUrl: url.toString(), inMemory: true });
    cleanups.push(() => server.close());
    const cognito = sdkClient(server.url);
    const pool = await createLoadPool(cognito);
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'before', MessageAction: 'SUPPRESS' }));

    await proxy.cut();
    const down = await healthBecomes(server.url, 503);
    expect(down.headers.get('content-type')).toContain('application/json');
    const health = await json(down);
    expect(health).toMatchObject({ status: 'unavailable', storage: 'postgres' });
    expect(health.reason).toMatch(/\S/);
    const during = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser' },
      body: JSON.stringify({ UserPoolId: pool.poolId, Username: 'during', MessageAction: 'SUPPRESS' }),
    });
    expect(during.status).toBe(500);
    expect((await json(during)).__type).toBe('InternalErrorException');
    const token = await clientCredentials(server.url, pool);
    expect(token).toMatchObject({ status: 500, body: { error: 'server_error' } });

    await proxy.restore();
    await healthBecomes(server.url, 200);
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'after', MessageAction: 'SUPPRESS' }));
    for (const Username of ['before', 'after']) await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username }));
    expect((await clientCredentials(server.url, pool)).status).toBe(200);
    cognito.destroy();
  });
});

/** A TCP proxy in front of PostgreSQL that a test can cut (connections dropped, new ones refused) and restore. */
class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  static async start(target: URL): Promise<TcpProxy> {
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, 0);
    await proxy.restore();
    return proxy;
  }

  restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve) =>
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      }),
    );
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  stop(): Promise<void> {
    return this.cut();
  }
}
