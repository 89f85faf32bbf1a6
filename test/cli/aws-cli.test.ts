import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);
const haveCli = existsSync(AWS);
if (!haveCli) {
  if (process.env.CI) throw new Error(`CI needs the AWS CLI v2 at ${AWS} (Debian package awscli)`);
  console.log(`SKIP: no AWS CLI v2 at ${AWS}; install Debian's awscli to run its suite.`);
}

describe.runIf(haveCli)('the AWS CLI v2 manages Cognate as it manages Cognito', () => {
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

  it('shows Cognito errors as the CLI shows them for Cognito', async () => {
    await expect(aws('describe-user-pool', '--user-pool-id', 'us-east-1_missing00')).rejects.toMatchObject({
      stderr: expect.stringContaining('ResourceNotFoundException'),
    });
  });
});
