import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, spawnServe } from '../helpers/cli.js';
import { sdkClient } from '../helpers/server.js';

describe('cognate serve', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('prints its help with every flag of the contract', async () => {
    const { code, stdout } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--data', '--in-memory', '--database-url', '--public-url', '--region', '--seed', '--issuer-style', '--admin-credentials'])
      expect(stdout).toContain(flag);
  });

  it('says where it listens, answers /health, and stops cleanly on SIGTERM', async () => {
    const server = await spawnServe(['--in-memory', '--port', '0']);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('takes every setting from its environment twin', async () => {
    const server = await spawnServe([], { COGNATE_PORT: '0', COGNATE_IN_MEMORY: '1', COGNATE_REGION: 'eu-west-1', COGNATE_HOST: '127.0.0.1' });
    try {
      const client = sdkClient(server.url);
      const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'env' }));
      expect(UserPool?.Id).toMatch(/^eu-west-1_/);
      client.destroy();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses a bad port with a clear message', async () => {
    const { code, stderr } = await runCli(['serve', '--in-memory', '--port', 'abc']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--port');
  });

  it('keeps pools in the data folder across a restart, with a 0600 master key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cognate-data-'));
    dirs.push(dir);
    const first = await spawnServe(['--data', dir, '--port', '0']);
    const client = sdkClient(first.url);
    const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'persisted' }));
    client.destroy();
    expect(await first.stop()).toBe(0);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);

    const second = await spawnServe(['--data', dir, '--port', '0']);
    const again = sdkClient(second.url);
    const described = await again.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id }));
    expect(described.UserPool?.Name).toBe('persisted');
    again.destroy();
    expect(await second.stop()).toBe(0);
  });
});
