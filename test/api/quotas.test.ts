import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { readQuotas } from '../../src/cli/quotas.js';
import { ManualClock } from '../../src/core/providers.js';
import { AWS_DEFAULT_RATES } from '../../src/core/quota/categories.js';
import { countRequest, quotaRates } from '../../src/core/quota/rates.js';
import { startServer } from '../../src/http/server.js';
import type { OAuthFixture } from '../oauth/fixture.js';
import { basic, createFixture, postForm } from '../oauth/fixture.js';
import { engines, forEachEngine, nodesOnOneDatabase } from '../helpers/server.js';

const RATES = { UserPoolRead: 3, UserAuthentication: 2, ClientAuthentication: 2, UserRead: 0, UserPoolClientRead: 100 };
const rateExceeded = { name: 'TooManyRequestsException', message: 'Rate exceeded' };

describe('request-rate quotas', () => {
  const clock = new ManualClock();
  forEachEngine(
    'quotas',
    (server) => {
      let poolId: string;
      beforeAll(async () => {
        poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'quota' }))).UserPool!.Id!;
      });
      const describePool = () => server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));

      it('refuses the request past the category’s rate in one second with TooManyRequestsException, and allows it in the next', async () => {
        clock.advance(1000);
        for (let i = 0; i < 3; i++) await describePool();
        await expect(describePool()).rejects.toMatchObject({ ...rateExceeded, $metadata: { httpStatusCode: 400 } });
        clock.advance(1000);
        expect((await describePool()).UserPool!.Id).toBe(poolId);
      });

      it('counts each category apart, and leaves a category the rates do not name unlimited', async () => {
        clock.advance(1000);
        for (let i = 0; i < 3; i++) await describePool();
        await expect(describePool()).rejects.toMatchObject(rateExceeded);
        for (let i = 0; i < 5; i++) await server().cognito.send(new ListUsersCommand({ UserPoolId: poolId }));
        await expect(server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject(rateExceeded);
      });

      it('counts per region, as AWS counts per account and region', async () => {
        clock.advance(1000);
        const eu = new CognitoIdentityProviderClient({ endpoint: server().url, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
        const euPool = (await eu.send(new CreateUserPoolCommand({ PoolName: 'eu' }))).UserPool!.Id!;
        for (let i = 0; i < 3; i++) await describePool();
        await expect(describePool()).rejects.toMatchObject(rateExceeded);
        for (let i = 0; i < 3; i++) await eu.send(new DescribeUserPoolCommand({ UserPoolId: euPool }));
        await expect(eu.send(new DescribeUserPoolCommand({ UserPoolId: euPool }))).rejects.toMatchObject(rateExceeded);
        eu.destroy();
      });

      it('caps one pool-client operation at 5 a second per pool, under a higher category rate', async () => {
        const cognito = server().cognito;
        const other = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
        const client = async (UserPoolId: string) =>
          (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'c' }))).UserPoolClient!.ClientId!;
        const mine = await client(poolId);
        const theirs = await client(other);
        clock.advance(1000);
        for (let i = 0; i < 5; i++) await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: mine }));
        await expect(cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: mine }))).rejects.toMatchObject(rateExceeded);
        expect((await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: other, ClientId: theirs }))).UserPoolClient!.ClientId).toBe(theirs);
      });

      it('gives challenge responses three times the UserAuthentication rate, then counts the excess against the category', async () => {
        clock.advance(1000);
        const services = server().services;
        const respond = () => countRequest(services, 'xx-test-1', 'UserAuthentication', 'RespondToAuthChallenge');
        for (let i = 0; i < 6; i++) await respond();
        // The allowance (3 × 2) is spent: the next two take the category's own 2, then nothing is left.
        await respond();
        await respond();
        await expect(respond()).rejects.toMatchObject(rateExceeded);
        await expect(countRequest(services, 'xx-test-1', 'UserAuthentication', 'InitiateAuth')).rejects.toMatchObject(rateExceeded);
      });

      describe('sign-in and the token endpoint', () => {
        let fx: OAuthFixture;
        let clientId: string;
        beforeAll(async () => {
          fx = await createFixture(server());
          clientId = (
            await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: fx.poolId, ClientName: 'admin', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
          ).UserPoolClient!.ClientId!;
        });
        const signIn = () =>
          server().cognito.send(
            new AdminInitiateAuthCommand({ UserPoolId: fx.poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: fx.username, PASSWORD: fx.password } }),
          );

        it('counts AdminInitiateAuth as UserAuthentication', async () => {
          clock.advance(1000);
          await signIn();
          await signIn();
          await expect(signIn()).rejects.toMatchObject(rateExceeded);
        });

        it('counts client_credentials at /oauth2/token as ClientAuthentication and answers 429 past it', async () => {
          clock.advance(1000);
          const token = () =>
            postForm(`${fx.base}/oauth2/token`, { grant_type: 'client_credentials', scope: 'orders/read' }, { authorization: basic(fx.machineClientId, fx.machineSecret) });
          expect((await token()).status).toBe(200);
          expect((await token()).status).toBe(200);
          const refused = await token();
          expect(refused.status).toBe(429);
          expect(await refused.json()).toEqual({ error: 'too_many_requests', error_description: 'Rate exceeded' });
          // The user sign-ins have their own category.
          await signIn();
        });
      });
    },
    { quotas: RATES, clock },
  );
});

describe('quota settings', () => {
  it('takes AWS’s documented default rates with aws', () => {
    expect(quotaRates('aws')).toMatchObject({ UserAuthentication: 120, UserCreation: 50, UserAccountRecovery: 30, UserList: 30, ClientAuthentication: 150 });
    expect(Object.keys(quotaRates('aws'))).toEqual(Object.keys(AWS_DEFAULT_RATES));
  });

  it('reads a YAML or JSON file of rates, and refuses an unknown category or a bad rate at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cognate-quotas-'));
    await writeFile(join(dir, 'q.yaml'), 'UserAuthentication: 5\nUserList: 1\n');
    await writeFile(join(dir, 'q.json'), '{"UserRead": 2}');
    expect(await readQuotas(join(dir, 'q.yaml'))).toEqual({ UserAuthentication: 5, UserList: 1 });
    expect(await readQuotas(join(dir, 'q.json'))).toEqual({ UserRead: 2 });
    expect(await readQuotas('aws')).toBe('aws');
    expect(await readQuotas(undefined)).toBeUndefined();
    expect(() => quotaRates({ UserLogin: 5 })).toThrow(/unknown quota category UserLogin/);
    expect(() => quotaRates({ UserRead: -1 })).toThrow(/whole number/);
    await expect(startServer({ port: 0, inMemory: true, logLevel: 'error', quotas: { Nope: 1 } })).rejects.toThrow(/unknown quota category/);
  });
});

if (engines().includes('postgres')) {
  describe('quotas across nodes on one PostgreSQL database', () => {
    const clock = new ManualClock();
    const nodes = nodesOnOneDatabase(2, { quotas: { UserPoolRead: 4 }, clock });

    it('share one counter: the nodes together allow the rate, not each of them', async () => {
      const [a, b] = nodes();
      const poolId = (await a!.cognito.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
      clock.advance(1000);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a! : b!).cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused).toHaveLength(6);
      for (const r of refused) expect(r.reason).toMatchObject(rateExceeded);
    });
  });
}
