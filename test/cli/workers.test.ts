import type { AddressInfo } from 'node:net';
import { Agent, createServer, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkers } from '../../src/cli/workers.js';
import { startServer } from '../../src/http/server.js';
import type { ClusterMessage } from '../../src/http/worker-link.js';
import { WorkerLink } from '../../src/http/worker-link.js';
import { holdSqliteFolder, openSqliteFile } from '../../src/store/sqlite-file.js';
import type { ServeProcess } from '../helpers/cli.js';
import { runCli, spawnServe } from '../helpers/cli.js';
import type { LoadPool } from '../helpers/load.js';
import { createLoadPool, createUser, PASSWORD } from '../helpers/load.js';
import type { EngineName } from '../helpers/server.js';
import { createTestDatabase, engines, sdkClient } from '../helpers/server.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of several shapes, read field by field
  body: Record<string, any>;
}

/** One HTTP exchange over `agent` (a pinned keep-alive connection) or a connection of its own. */
function send(url: string, agent: Agent | false, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Answer['body']) : {} }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A connection that stays on one worker (round-robin hands out connections, not requests). */
interface Pinned {
  agent: Agent;
  pid: number;
}

async function pid(base: string, agent: Agent | false): Promise<number> {
  return (await send(`${base}/health`, agent)).body.pid as number;
}

describe('--workers', () => {
  it('resolves auto to the core count and refuses anything but a positive whole number', () => {
    expect(parseWorkers('auto')).toBe(availableParallelism());
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '', '100000']) expect(() => parseWorkers(bad), bad).toThrow(/--workers takes a number of processes from 1 to 256, or auto/);
  });

  it('names the bad value of COGNATE_WORKERS and exits 1 before serving', async () => {
    const result = await runCli(['serve', '--in-memory', '--port', '0'], { COGNATE_WORKERS: 'many' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cognate: --workers takes a number of processes from 1 to 256, or auto (one per core), got many');
    expect(result.stdout).not.toContain('listening on');
  });

  it('exits 1, with the worker\'s reason, when the first worker cannot start (no restart loop)', async () => {
    const result = await runCli(['serve', '--workers', '2', '--in-memory', '--port', '99999']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cognate: --port must be 0-65535, got 99999');
    expect(result.stderr).toContain('cognate: a worker exited (code 1) before it was serving; stopping');
  }, 120_000);
});

describe('a worker', () => {
  it('answers a write only once the primary says every other worker dropped what it changed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cognate-worker-link-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // The primary's part, played here: it confirms at once until `held` is set, then waits for the test.
    let held: ((message: ClusterMessage & { cognate: 'invalidate' }) => void) | undefined;
    const link: WorkerLink = new WorkerLink(
      (message) => {
        if (message.cognate !== 'invalidate') return;
        if (held) held(message);
        else queueMicrotask(() => link.receive({ cognate: 'invalidated', seq: message.seq }));
      },
      () => undefined,
    );
    const server = await startServer({ port: 0, logLevel: 'silent', dataDir, workerLink: link });
    cleanups.push(() => server.close());
    const client = sdkClient(server.url);
    cleanups.push(async () => client.destroy());
    const pool = await createLoadPool(client);
    const invalidateSent = new Promise<ClusterMessage & { cognate: 'invalidate' }>((resolve) => (held = resolve));

    const order: string[] = [];
    const writing = send(server.url, false, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DeleteUserPoolClient' },
      body: JSON.stringify({ UserPoolId: pool.poolId, ClientId: pool.machineClientId }),
    }).then((answer) => order.push(`write ${answer.status}`));
    const invalidate = await invalidateSent;
    // A whole exchange with another server on this event loop: an unheld write response, written to its
    // socket right after the invalidation, would be read before this one's. (Every response waits while an
    // invalidation is unconfirmed, so the exchange cannot be with Cognate itself.)
    const other = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    await send(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`, false);
    other.close();
    order.push('round trip');
    link.receive({ cognate: 'invalidated', seq: invalidate.seq });
    await writing;
    expect(order).toEqual(['round trip', 'write 200']);
  });
});

describe.each(engines())('serve --workers 2 on %s', (engine: EngineName) => {
  let serve: ServeProcess;
  let base: string;
  let dataDir: string;
  let pool: LoadPool;
  let a: Pinned;
  let b: Pinned;

  const cognito = (pinned: Pinned, target: string, body: Record<string, unknown>) =>
    send(base, pinned.agent, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(body),
    });
  const grant = (pinned: Pinned, clientId = pool.machineClientId, secret = pool.machineSecret) =>
    send(`${base}/${pool.poolId}/oauth2/token`, pinned.agent, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });

  /** Opens connections until one lands on a worker other than `other`; bounded, never a sleep. */
  async function pinOther(other?: number): Promise<Pinned> {
    for (let attempt = 0; attempt < 40; attempt++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const answered = await pid(base, agent);
      if (answered !== other) {
        cleanups.push(async () => agent.destroy());
        return { agent, pid: answered };
      }
      agent.destroy();
    }
    throw new Error(`every connection in 40 landed on worker ${String(other)}`);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cognate-workers-test-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const args = ['--workers', '2', '--port', '0', '--data', dataDir];
    if (engine === 'postgres') {
      const db = await createTestDatabase();
      cleanups.push(db.drop);
      args.push('--database-url', db.url);
    }
    serve = await spawnServe(args);
    cleanups.push(async () => serve.child.exitCode === null && serve.child.kill('SIGKILL'));
    base = serve.url;
    const client = sdkClient(base);
    cleanups.push(async () => client.destroy());
    pool = await createLoadPool(client);
    await createUser(client, pool, 'worker-user');
    a = await pinOther();
    b = await pinOther(a.pid);
  }, 240_000);

  it('prints one listening line with the worker count, and two worker processes (not the primary) answer', async () => {
    expect(serve.output().match(/listening on/g)).toHaveLength(1);
    expect(serve.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(public URL .*, workers: 2\)/);
    const seen = new Set<number>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(await pid(base, false));
    expect(seen.size).toBe(2);
    expect(seen.has(serve.child.pid!)).toBe(false);
    expect(new Set([a.pid, b.pid])).toEqual(seen);
  });

  it.runIf(engine === 'sqlite')('keeps other servers off the data folder while the workers share it', () => {
    expect(() => holdSqliteFolder(dataDir)).toThrow(`in use by another cognate process (pid ${serve.child.pid!})`);
    expect(() => openSqliteFile(dataDir)).toThrow(/in use by/);
  });

  it('shows a client change made through one worker to the very next request on the other', async () => {
    const settings = { UserPoolId: pool.poolId, ClientId: pool.machineClientId, ClientName: 'machine', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'] };
    for (let i = 0; i < 12; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      // The reader caches the client as it is now...
      expect((await grant(reader)).status).toBe(200);
      const minutes = 10 + i;
      const updated = await cognito(writer, 'UpdateUserPoolClient', { ...settings, AccessTokenValidity: minutes, TokenValidityUnits: { AccessToken: 'minutes' } });
      expect(updated.status).toBe(200);
      // ...and the request right after the write's response, on the other worker, sees the new validity.
      const after = await grant(reader);
      expect(after.status).toBe(200);
      expect(after.body.expires_in).toBe(minutes * 60);
    }
    expect([await pid(base, a.agent), await pid(base, b.agent)]).toEqual([a.pid, b.pid]);
  });

  it('refuses on the other worker, at once, a client deleted through one worker', async () => {
    expect((await grant(b)).status).toBe(200);
    expect((await cognito(a, 'DeleteUserPoolClient', { UserPoolId: pool.poolId, ClientId: pool.machineClientId })).status).toBe(200);
    const refused = await grant(b);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.error).toBe('invalid_client');
  });

  it('signs in on one worker and uses and refreshes the tokens on the other', async () => {
    const signedIn = await cognito(a, 'AdminInitiateAuth', {
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'worker-user', PASSWORD },
    });
    expect(signedIn.status).toBe(200);
    const tokens = signedIn.body.AuthenticationResult as Record<string, string>;
    const user = await cognito(b, 'GetUser', { AccessToken: tokens.AccessToken });
    expect(user).toMatchObject({ status: 200, body: { Username: 'worker-user' } });
    const refreshed = await cognito(b, 'InitiateAuth', { ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await cognito(a, 'GetUser', { AccessToken: refreshed.body.AuthenticationResult.AccessToken })).status).toBe(200);
  });

  it.runIf(engine === 'sqlite')('logs a worker that dies and starts another in its place', async () => {
    const replaced = new Promise<void>((resolve) => {
      const onData = () => {
        if (!/worker \d+ is serving in place/.test(serve.output())) return;
        serve.child.stdout.off('data', onData);
        serve.child.stderr.off('data', onData);
        resolve();
      };
      serve.child.stdout.on('data', onData);
      serve.child.stderr.on('data', onData);
    });
    b.agent.destroy();
    process.kill(b.pid, 'SIGKILL');
    await replaced;
    expect(serve.output()).toMatch(new RegExp(`cognate: worker ${b.pid} exited \\(signal SIGKILL\\); starting another in \\d+ ms`));
    b = await pinOther(a.pid);
    expect(b.pid).not.toBe(a.pid);
    expect((await cognito(b, 'DescribeUserPool', { UserPoolId: pool.poolId })).status).toBe(200);
  }, 120_000);

  it('stops the primary and every worker on SIGTERM', async () => {
    const pids = [serve.child.pid!, a.pid, b.pid];
    a.agent.destroy();
    b.agent.destroy();
    expect(await serve.stop()).toBe(0);
    const alive = pids.filter((p) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
