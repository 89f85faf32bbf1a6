import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { applySeed, applySeedFile, readSeedFile } from '../../src/api/seed.js';
import { ROOT, runCli, spawnServe } from '../helpers/cli.js';
import { forEachEngine } from '../helpers/server.js';

const EXAMPLE = join(ROOT, 'examples/seed.yaml');
const POOL = 'us-east-1_DemoPool1';

forEachEngine(
  'the example seed (the walkthrough)',
  (server) => {
    it('creates the pool with its fixed id, domain and resource server', async () => {
      const { UserPool } = await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: POOL }));
      expect(UserPool).toMatchObject({ Id: POOL, Name: 'walkthrough', Domain: 'walkthrough' });
      const { ResourceServer } = await server().cognito.send(new DescribeResourceServerCommand({ UserPoolId: POOL, Identifier: 'demo-api' }));
      expect(ResourceServer?.Scopes?.map((s) => s.ScopeName)).toEqual(['read', 'write']);
    });

    it("creates the walkthrough's public client exactly as the article configures it", async () => {
      const { UserPoolClient } = await server().cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: 'postmandemoclient000000001' }),
      );
      expect(UserPoolClient).toMatchObject({
        ClientName: 'Postman',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        SupportedIdentityProviders: ['COGNITO'],
      });
      expect(UserPoolClient?.ClientSecret).toBeUndefined();
      expect(UserPoolClient?.CallbackURLs).toContain('https://oauth.pstmn.io/v1/callback');
    });

    it('keeps the confidential client’s fixed secret', async () => {
      const { UserPoolClient } = await server().cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: 'servicedemoclient000000001' }),
      );
      expect(UserPoolClient?.ClientSecret).toBe('demo0secret0do0not0use0in0production0000000000001');
      expect(UserPoolClient?.AllowedOAuthFlows).toEqual(['client_credentials']);
    });

    it('creates the demo user confirmed, with attributes and groups', async () => {
      const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'demo' }));
      expect(user.UserStatus).toBe('CONFIRMED');
      expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'demo@example.com' });
      const { Groups } = await server().cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL, Username: 'demo' }));
      expect(Groups?.map((g) => g.GroupName)).toEqual(['admins']);
    });

    it('changes nothing when applied a second time', async () => {
      const before = await server().cognito.send(new ListUsersCommand({ UserPoolId: POOL }));
      const report = await applySeedFile(server().services, EXAMPLE);
      expect(report.created).toEqual([]);
      expect(report.unchanged).toContain(`pool ${POOL}`);
      const after = await server().cognito.send(new ListUsersCommand({ UserPoolId: POOL }));
      expect(after.Users).toEqual(before.Users);
    });

    it('reports a bad seed in Cognito words and writes nothing for the bad member', async () => {
      await expect(applySeed(server().services, { UserPools: [{ Id: 'us-east-1_BadSeed01', PoolName: 'bad name!' }] })).rejects.toMatchObject({
        type: 'InvalidParameterException',
        message: expect.stringContaining("at 'poolName'"),
      });
      await expect(server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_BadSeed01' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });
  },
  { beforeListen: async (services) => void (await applySeedFile(services, EXAMPLE)) },
);

describe('seeding from the command line', () => {
  it('`serve --seed` applies the example and prints the Postman settings in the walkthrough’s words', async () => {
    const server = await spawnServe(['--in-memory', '--port', '0', '--seed', EXAMPLE]);
    try {
      // The summary follows the listening line; wait until it is complete.
      await new Promise<void>((resolve) => {
        const check = () => (server.output().includes('Users: demo') ? resolve() : server.child.stdout.once('data', check));
        check();
      });
      const out = server.output();
      for (const words of ['Auth URL:', 'Access Token URL:', 'Client ID:', 'Callback URL:', 'Client Authentication: Send client credentials in body'])
        expect(out).toContain(words);
      expect(out).toContain(`${POOL}/oauth2/token`);
      expect(out).toContain('postmandemoclient000000001');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('`cognate seed` applies a JSON seed to a running server, twice without change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cognate-seed-'));
    const file = join(dir, 'seed.json');
    await writeFile(file, JSON.stringify({ UserPools: [{ Id: 'us-east-1_JsonSeed1', PoolName: 'json', Groups: [{ GroupName: 'g' }] }] }));
    const server = await spawnServe(['--in-memory', '--port', '0']);
    try {
      const first = await runCli(['seed', file, '--endpoint', server.url]);
      expect(first.stdout).toContain('created   pool us-east-1_JsonSeed1');
      expect(first.stdout).toContain('created   group g');
      const second = await runCli(['seed', file, '--endpoint', server.url]);
      expect(second.stdout).not.toContain('created');
      expect(second.stdout).toContain('unchanged pool us-east-1_JsonSeed1');
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the example as YAML', async () => {
    const doc = await readSeedFile(EXAMPLE);
    expect(doc.UserPools?.[0]?.Id).toBe(POOL);
  });
});
