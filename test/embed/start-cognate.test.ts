import { join } from 'node:path';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCognate } from '../../src/index.js';
import { startCognate } from '../../src/index.js';
import { ROOT } from '../helpers/cli.js';

/** `startCognate` as a test suite's set-up uses it: one call, a seed, and what a test needs next. */

describe('startCognate with the walkthrough seed file', () => {
  let cognate: RunningCognate;
  beforeAll(async () => {
    const started = performance.now();
    cognate = await startCognate({ seed: join(ROOT, 'examples/seed.yaml'), logLevel: 'error' });
    // A figure for the docs, not an assertion: machines differ.
    console.log(`startCognate with examples/seed.yaml took ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => cognate?.stop());

  it('describes the seeded pool, its clients with their secrets, domain and users', () => {
    expect(cognate.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cognate.port).toBeGreaterThan(0);
    const [pool] = cognate.pools;
    expect(pool).toMatchObject({
      id: 'us-east-1_DemoPool1',
      name: 'walkthrough',
      domain: 'walkthrough',
      issuer: `http://localhost:${cognate.port}/us-east-1_DemoPool1`,
      users: [{ username: 'demo', password: 'Passw0rd!' }],
    });
    const service = pool!.clients.find((c) => c.clientId === 'servicedemoclient000000001');
    expect(service).toMatchObject({ clientSecret: 'demo0secret0do0not0use0in0production0000000000001', oauthFlows: ['client_credentials'] });
    const postman = pool!.clients.find((c) => c.clientId === 'postmandemoclient000000001');
    expect(postman?.clientSecret).toBeUndefined();
    expect(postman?.callbackUrls).toContain('http://127.0.0.1/callback');
  });

  it('gives the issuer and JWKS that discovery advertises, and the tokens carry that issuer', async () => {
    const poolId = 'us-east-1_DemoPool1';
    const discovery = (await (await fetch(`${cognate.endpoint}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(cognate.issuer(poolId));
    expect(discovery.jwks_uri).toBe(cognate.jwksUri(poolId));
    const jwks = (await (await fetch(cognate.jwksUri(poolId))).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);

    const service = cognate.pools[0]!.clients.find((c) => c.oauthFlows.includes('client_credentials'))!;
    const response = await fetch(`${cognate.pools[0]!.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${service.clientId}:${service.clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()) as { iss: string };
    expect(claims.iss).toBe(cognate.issuer(poolId));
  });

  it('reads the outbox of a pool and of one user', async () => {
    const sdk = new CognitoIdentityProviderClient({ endpoint: cognate.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sdk.send(
      new SignUpCommand({ ClientId: 'postmandemoclient000000001', Username: 'newcomer', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }] }),
    );
    const mine = await cognate.outbox('us-east-1_DemoPool1', 'newcomer');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'confirmation', destination: 'newcomer@example.com', code: expect.stringMatching(/^\d{6}$/) });
    expect(await cognate.outbox('us-east-1_DemoPool1', 'nobody')).toEqual([]);
    expect((await cognate.outbox('us-east-1_DemoPool1')).length).toBeGreaterThanOrEqual(1);
  });
});

describe('startCognate with a seed object and in-process trigger handlers', () => {
  it('applies the object, runs the handler, and stops listening on stop()', async () => {
    const seen: string[] = [];
    const cognate = await startCognate({
      logLevel: 'error',
      seed: {
        UserPools: [
          {
            PoolName: 'generated-id',
            LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:000000000000:function:auto-confirm' },
            Clients: [{ ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          },
        ],
      },
      handlers: {
        'auto-confirm': async (event: { triggerSource: string; response: Record<string, unknown> }) => {
          seen.push(event.triggerSource);
          return { ...event, response: { ...event.response, autoConfirmUser: true } };
        },
      },
    });
    const pool = cognate.pools[0]!;
    expect(pool.id).toMatch(/^us-east-1_[0-9a-zA-Z]+$/);
    expect(pool.domain).toBeUndefined();
    expect(pool.clients).toEqual([expect.objectContaining({ clientName: 'app', clientId: expect.stringMatching(/^[a-z0-9]{26}$/) })]);
    const sdk = new CognitoIdentityProviderClient({ endpoint: cognate.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const { UserConfirmed } = await sdk.send(new SignUpCommand({ ClientId: pool.clients[0]!.clientId, Username: 'ann', Password: 'Passw0rd!' }));
    expect(UserConfirmed).toBe(true);
    expect(seen).toEqual(['PreSignUp_SignUp']);

    await cognate.stop();
    await expect(fetch(`${cognate.endpoint}/health`)).rejects.toThrow();
  });

  it('refuses a seed that does not hold, naming it', async () => {
    await expect(startCognate({ logLevel: 'error', seed: { UserPools: [{ PoolName: 'x', Id: 'not a pool id' }] } })).rejects.toThrow(/not a user pool id/);
  });
});
