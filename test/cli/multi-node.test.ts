import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/http/server.js';
import { startServer } from '../../src/http/server.js';
import type { ServeProcess } from '../helpers/cli.js';
import { runCli, spawnServe } from '../helpers/cli.js';
import type { LoadPool } from '../helpers/load.js';
import { Burst, clientCredentials, createLoadPool, createMachineClient, createUser, PASSWORD, signIn } from '../helpers/load.js';
import { createTestDatabase, engines, json, sdkClient } from '../helpers/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cognate-nodes-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const exited = (child: ServeProcess['child']) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

interface Node {
  server: RunningServer;
  cognito: CognitoIdentityProviderClient;
}

/** Resolves once the node has heard another node's change about `id` (and dropped what it cached). */
function heard(node: Node, id: string): Promise<void> {
  const feed = node.server.services.store.changes!;
  return new Promise((resolve) => {
    const onMessage = (key: string) => {
      if (!key.includes(id)) return;
      feed.off('message', onMessage);
      resolve();
    };
    feed.on('message', onMessage);
  });
}

/** Resolves once the node listens to the other nodes (it starts listening right after start). */
function listening(node: Node): Promise<void> {
  const feed = node.server.services.store.changes!;
  return feed.listening ? Promise.resolve() : new Promise((resolve) => feed.once('connected', () => resolve()));
}

describe.runIf(engines().includes('postgres'))('two nodes on one PostgreSQL database', () => {
  let a: Node;
  let b: Node;
  let databaseUrl: string;
  const masterKey = randomBytes(32).toString('hex');

  beforeAll(async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    databaseUrl = db.url;
    const start = async (): Promise<Node> => {
      const server = await startServer({ port: 0, logLevel: 'silent', databaseUrl, masterKey, inMemory: true });
      const cognito = sdkClient(server.url);
      cleanups.push(async () => {
        cognito.destroy();
        await server.close();
      });
      return { server, cognito };
    };
    a = await start();
    b = await start();
    await Promise.all([listening(a), listening(b)]);
  });

  let pool: LoadPool;
  beforeAll(async () => {
    pool = await createLoadPool(a.cognito);
  });

  it('refuses a client deleted on node A on node B as soon as B has heard of it', async () => {
    const machine = await createMachineClient(a.cognito, pool);
    // Node B reads the client and keeps it in its cache.
    expect((await clientCredentials(b.server.url, machine)).status).toBe(200);
    const heardDelete = heard(b, machine.machineClientId);
    await a.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: pool.poolId, ClientId: machine.machineClientId }));
    await heardDelete;
    const refused = await clientCredentials(b.server.url, machine);
    expect(refused).toMatchObject({ status: expect.any(Number), body: { error: 'invalid_client' } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });

  it('refuses on node B a grant node A took away from the client', async () => {
    const machine = await createMachineClient(a.cognito, pool);
    expect((await clientCredentials(b.server.url, machine)).status).toBe(200);
    const heardUpdate = heard(b, machine.machineClientId);
    await a.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: pool.poolId, ClientId: machine.machineClientId, ClientName: 'machine', AllowedOAuthFlowsUserPoolClient: false }));
    await heardUpdate;
    const refused = await clientCredentials(b.server.url, machine);
    expect(refused.status).toBe(400);
    expect(refused.body.access_token).toBeUndefined();
  });

  it('refuses a user disabled or deleted on node A on node B at once: sign-in and refresh', async () => {
    await createUser(a.cognito, pool, 'dana');
    await createUser(a.cognito, pool, 'dora');
    const { RefreshToken } = await signIn(b.cognito, pool, 'dana', PASSWORD);
    await signIn(b.cognito, pool, 'dora', PASSWORD);
    await a.cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: 'dana' }));
    await a.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: 'dora' }));
    // Users are never cached: nothing to wait for.
    await expect(signIn(b.cognito, pool, 'dana', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(
      b.cognito.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(signIn(b.cognito, pool, 'dora', PASSWORD)).rejects.toMatchObject({ name: expect.stringMatching(/NotAuthorizedException|UserNotFoundException/) });
  });

  it('publishes keys rotated on node A in node B JWKS, and node B signs with them', async () => {
    await createUser(a.cognito, pool, 'kim');
    const kidsAtB = async () => (await json(await fetch(`${b.server.url}/${pool.poolId}/.well-known/jwks.json`))).keys.map((k: { kid: string }) => k.kid);
    const before = await kidsAtB();
    expect(decodeProtectedHeader((await signIn(b.cognito, pool, 'kim', PASSWORD)).AccessToken!).kid).toBeOneOf(before);
    const heardRotation = heard(b, pool.poolId);
    const rotated = await json(await fetch(`${a.server.url}/_cognate/keys/rotate?pool=${pool.poolId}`, { method: 'POST' }));
    await heardRotation;
    expect(await kidsAtB()).toEqual(expect.arrayContaining([...before, rotated.idKid, rotated.accessKid]));
    expect(decodeProtectedHeader((await signIn(b.cognito, pool, 'kim', PASSWORD)).AccessToken!).kid).toBe(rotated.accessKid);
  });

  it('forgets on node B a pool deleted on node A', async () => {
    const { UserPool } = await a.cognito.send(new CreateUserPoolCommand({ PoolName: 'short-lived' }));
    const UserPoolId = UserPool!.Id!;
    await b.cognito.send(new DescribeUserPoolCommand({ UserPoolId }));
    const heardDelete = heard(b, UserPoolId);
    await a.cognito.send(new DeleteUserPoolCommand({ UserPoolId }));
    await heardDelete;
    await expect(b.cognito.send(new DescribeUserPoolCommand({ UserPoolId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses to start a node whose master key is not the one the database was set up with, saying what to set', async () => {
    await expect(startServer({ port: 0, logLevel: 'silent', databaseUrl, masterKey: randomBytes(32).toString('hex'), inMemory: true })).rejects.toThrow(
      /master key .* not the one this database was set up with.*COGNATE_MASTER_KEY/,
    );
  });
});

describe.runIf(engines().includes('postgres'))('the master key of PostgreSQL nodes', () => {
  it('lives in the user configuration folder without --data, and a node with another key refuses to start until given the same one', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const home = await tempDir();
    const otherHome = await tempDir();
    const first = await spawnServe(['--database-url', db.url, '--port', '0'], { XDG_CONFIG_HOME: home, COGNATE_MASTER_KEY: '' });
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    const keyFile = join(home, 'cognate', 'master.key');
    expect(first.output()).toContain(`created the master key ${keyFile}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'cognate')).mode & 0o777).toBe(0o700);

    const refused = await runCli(['serve', '--database-url', db.url, '--port', '0'], { XDG_CONFIG_HOME: otherHome, COGNATE_MASTER_KEY: '' });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not the one this database was set up with.*COGNATE_MASTER_KEY/);
    expect(refused.stdout).not.toContain('listening on');
    // The key it made for the attempt is not left behind to fail the same way next time.
    expect(existsSync(join(otherHome, 'cognate', 'master.key'))).toBe(false);

    const second = await spawnServe(['--database-url', db.url, '--port', '0'], { XDG_CONFIG_HOME: otherHome, COGNATE_MASTER_KEY: readFileSync(keyFile, 'utf8').trim() });
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    expect(await first.stop()).toBe(0);
  });

  it('refuses a SQLite data folder whose master.key was replaced, instead of starting and failing every sign-in', async () => {
    const dir = await tempDir();
    const server = await startServer({ port: 0, logLevel: 'silent', dataDir: dir });
    await server.close();
    rmSync(join(dir, 'master.key'));
    await expect(startServer({ port: 0, logLevel: 'silent', dataDir: dir })).rejects.toThrow(/COGNATE_MASTER_KEY.*--data/);
  });
});

describe('two processes on one SQLite data folder', () => {
  it('refuses the second, naming the pid of the first; a lock left by kill -9 does not block the next start', async () => {
    const dir = await tempDir();
    const first = await spawnServe(['--data', dir, '--port', '0']);
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    const cognito = sdkClient(first.url);
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'locked' }));
    cognito.destroy();

    const second = await runCli(['serve', '--data', dir, '--port', '0']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`in use by another cognate process (pid ${first.child.pid})`);
    expect(second.stdout).not.toContain('listening on');

    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(readFileSync(join(dir, 'cognate.lock'), 'utf8').trim()).toBe(String(first.child.pid));
    const third = await spawnServe(['--data', dir, '--port', '0']);
    const again = sdkClient(third.url);
    try {
      expect((await again.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }))).UserPool?.Name).toBe('locked');
    } finally {
      again.destroy();
      expect(await third.stop()).toBe(0);
    }
    // A clean stop lets go of the folder and says so.
    expect(existsSync(join(dir, 'cognate.lock'))).toBe(false);
  });
});

describe.runIf(engines().includes('postgres'))('two node processes on one PostgreSQL database, one killed under load', () => {
  it('keeps serving on the other node, and every write acknowledged by either is there', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const env = { COGNATE_MASTER_KEY: randomBytes(32).toString('hex'), XDG_CONFIG_HOME: await tempDir() };
    const [nodeA, nodeB] = await Promise.all([spawnServe(['--database-url', db.url, '--port', '0'], env), spawnServe(['--database-url', db.url, '--port', '0'], env)]);
    cleanups.push(async () => void nodeA!.child.kill('SIGKILL'));
    cleanups.push(async () => void nodeB!.child.kill('SIGKILL'));
    const atA = sdkClient(nodeA!.url);
    const atB = sdkClient(nodeB!.url);
    const pool = await createLoadPool(atA);

    type Result = { node: 'A' | 'B'; username: string };
    const failuresAtB: unknown[] = [];
    const operations = Array.from({ length: 120 }, (_, i) => async (): Promise<Result> => {
      const node = i % 2 === 0 ? 'A' : 'B';
      const username = `user-${i}`;
      try {
        await (node === 'A' ? atA : atB).send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, MessageAction: 'SUPPRESS' }));
      } catch (error) {
        if (node === 'B') failuresAtB.push(error);
        throw error;
      }
      if (i % 6 === 1) {
        const token = await clientCredentials(nodeB!.url, pool);
        if (token.status !== 200) failuresAtB.push(token);
      }
      return { node, username };
    });
    const burst = new Burst(operations, 8);
    await burst.acknowledged(30);
    nodeA!.child.kill('SIGKILL');
    await exited(nodeA!.child);
    await burst.done;

    expect(failuresAtB).toEqual([]);
    const acknowledged = burst.values;
    expect(acknowledged.filter((r) => r.node === 'A').length).toBeGreaterThan(0);
    expect(acknowledged.filter((r) => r.node === 'B').length).toBe(60);
    for (const { username } of acknowledged) await atB.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
    expect((await fetch(`${nodeB!.url}/health`)).status).toBe(200);
    atA.destroy();
    atB.destroy();
    expect(await nodeB!.stop()).toBe(0);
  });
});
