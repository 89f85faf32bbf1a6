import { execFile, execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

const run = promisify(execFile);

/**
 * Every AWS CLI on this machine: each `aws` on PATH (a pip or pyenv install is often v1) and Debian's
 * /usr/bin/aws (v2 on bookworm), told apart by what they say their version is.
 */
function awsClis(): { path: string; version: string }[] {
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'aws'));
  const found = new Map<string, { path: string; version: string }>();
  for (const path of [...onPath, '/usr/bin/aws']) {
    if (!existsSync(path)) continue;
    const real = realpathSync(path);
    if (found.has(real)) continue;
    try {
      const output = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_PAGER: '' } });
      const version = /aws-cli\/(\d+)\./.exec(output)?.[1];
      if (version) found.set(real, { path, version: `v${version}` });
    } catch {
      // A shim that points at no installed CLI (pyenv) is not a CLI.
    }
  }
  return [...found.values()];
}

const clis = awsClis();
if (!clis.some((cli) => cli.version === 'v2')) {
  if (process.env.CI) throw new Error('CI needs the AWS CLI v2 (Debian package awscli, /usr/bin/aws)');
  console.log(`SKIP: no AWS CLI v2 here; install Debian's awscli to run its suite.`);
}
if (!clis.some((cli) => cli.version === 'v1')) console.log('SKIP: no AWS CLI v1 on PATH (pip install awscli); only v2 is run.');

if (clis.length === 0) describe.skip('the AWS CLI (none installed)', () => it('is skipped', () => undefined));

describe.each(clis)('the AWS CLI $version ($path) manages Cognate as it manages Cognito', { timeout: 180_000 }, ({ path: AWS }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.close());

  const aws = async (...args: string[]) => {
    const { stdout } = await run(AWS, ['cognito-idp', ...args, '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  it('creates a pool, a client and a user, and lists them', async () => {
    const { UserPool } = await aws('create-user-pool', '--pool-name', 'from-cli');
    expect(UserPool.Id).toMatch(/^us-east-1_/);
    const { UserPoolClient } = await aws('create-user-pool-client', '--user-pool-id', UserPool.Id, '--client-name', 'cli-client', '--generate-secret');
    expect(UserPoolClient.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(UserPoolClient.ClientSecret).toBeTruthy();
    await aws('admin-create-user', '--user-pool-id', UserPool.Id, '--username', 'alice', '--user-attributes', 'Name=email,Value=alice@example.com', '--message-action', 'SUPPRESS');

    const pools = await aws('list-user-pools', '--max-results', '60');
    expect(pools.UserPools.map((p: { Id: string }) => p.Id)).toContain(UserPool.Id);
    const clients = await aws('list-user-pool-clients', '--user-pool-id', UserPool.Id);
    expect(clients.UserPoolClients).toEqual([expect.objectContaining({ ClientId: UserPoolClient.ClientId, ClientName: 'cli-client' })]);
    const users = await aws('list-users', '--user-pool-id', UserPool.Id);
    expect(users.Users).toEqual([expect.objectContaining({ Username: 'alice', UserStatus: 'FORCE_CHANGE_PASSWORD' })]);
  });

  it('signs a user in (initiate-auth)', async () => {
    const { UserPool } = await aws('create-user-pool', '--pool-name', 'cli-sign-in');
    const { UserPoolClient } = await aws('create-user-pool-client', '--user-pool-id', UserPool.Id, '--client-name', 'app', '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH');
    await aws('admin-create-user', '--user-pool-id', UserPool.Id, '--username', 'bob', '--message-action', 'SUPPRESS');
    await aws('admin-set-user-password', '--user-pool-id', UserPool.Id, '--username', 'bob', '--password', 'Passw0rd!', '--permanent');
    const { AuthenticationResult } = await aws('initiate-auth', '--client-id', UserPoolClient.ClientId, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=bob,PASSWORD=Passw0rd!');
    const claims = JSON.parse(Buffer.from(AuthenticationResult.AccessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ username: 'bob', iss: `${server.services.settings.publicUrl}/${UserPool.Id}` });
  });

  it('shows Cognito errors as the CLI shows them for Cognito', async () => {
    await expect(aws('describe-user-pool', '--user-pool-id', 'us-east-1_missing00')).rejects.toMatchObject({
      stderr: expect.stringContaining('ResourceNotFoundException'),
    });
  });
});
