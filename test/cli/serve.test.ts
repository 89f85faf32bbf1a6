import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli, spawnServe } from '../helpers/cli.js';
import { createTestDatabase, sdkClient } from '../helpers/server.js';

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
      // COGNATE_REGION is the region of requests that are not signed (a signed one names its own).
      const res = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserPool' },
        body: JSON.stringify({ PoolName: 'env' }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { UserPool: { Id: string } }).UserPool.Id).toMatch(/^eu-west-1_/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses a bad port with a clear message', async () => {
    const { code, stderr } = await runCli(['serve', '--in-memory', '--port', 'abc']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--port');
  });

  const persistenceCheck = async (args: string[]) => {
    const first = await spawnServe([...args, '--port', '0']);
    const client = sdkClient(first.url);
    const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'persisted' }));
    const UserPoolId = UserPool!.Id!;
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'app', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    await client.send(new AdminCreateUserCommand({ UserPoolId, Username: 'alice', TemporaryPassword: 'Passw0rd!', MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'alice', Password: 'Passw0rd!', Permanent: true }));
    const jwksBefore = await (await fetch(`${first.url}/${UserPoolId}/.well-known/jwks.json`)).json();
    client.destroy();
    expect(await first.stop()).toBe(0);

    const second = await spawnServe([...args, '--port', '0']);
    const again = sdkClient(second.url);
    try {
      const described = await again.send(new DescribeUserPoolCommand({ UserPoolId }));
      expect(described.UserPool?.Name).toBe('persisted');
      const { UserPoolClient: after } = await again.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: UserPoolClient!.ClientId }));
      expect(after?.ClientSecret).toBe(UserPoolClient!.ClientSecret);
      // The sealed verifier opens with the same master key: the password still signs in.
      const secretHash = createHmac('sha256', UserPoolClient!.ClientSecret!).update(`alice${UserPoolClient!.ClientId}`).digest('base64');
      const signIn = await again.send(
        new AdminInitiateAuthCommand({
          UserPoolId,
          ClientId: UserPoolClient!.ClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!', SECRET_HASH: secretHash },
        }),
      );
      expect(signIn.AuthenticationResult?.AccessToken).toBeTruthy();
      expect(await (await fetch(`${second.url}/${UserPoolId}/.well-known/jwks.json`)).json()).toEqual(jwksBefore);
    } finally {
      again.destroy();
      expect(await second.stop()).toBe(0);
    }
  };

  it('keeps every pool, client, secret, user and key in the data folder across a restart, with a 0600 master key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cognate-data-'));
    dirs.push(dir);
    await persistenceCheck(['--data', dir]);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it.runIf(inject('postgres'))('keeps everything in PostgreSQL across a restart (--database-url, same master key)', async () => {
    const db = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'cognate-pgkey-'));
    dirs.push(dir);
    try {
      // The database holds the data; the master key still comes from the data folder (or COGNATE_MASTER_KEY).
      await persistenceCheck(['--database-url', db.url, '--data', dir]);
    } finally {
      await db.drop();
    }
  });
});
