import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../examples/api/app.js';
import { runCli } from '../helpers/cli.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { DEMO, seeded, tempConfigDir } from './helpers.js';

interface NewmanSummary {
  run: {
    failures: { error: { message: string }; source?: { name?: string } }[];
    stats: { assertions: { total: number; failed: number }; requests: { total: number } };
    executions: { item: { name: string }; response?: { code: number } }[];
  };
}
type NewmanRun = (options: Record<string, unknown>, done: (error: Error | null, summary: NewmanSummary) => void) => void;
const newman = createRequire(import.meta.url)('newman') as { run: NewmanRun };

const runNewman = (options: Record<string, unknown>) =>
  new Promise<NewmanSummary>((resolve, reject) => newman.run({ reporters: [], ...options }, (error, summary) => (error ? reject(error) : resolve(summary))));

type KV = { key: string; value: unknown };
const valueOf = (list: KV[], key: string) => list.find((e) => e.key === key)?.value;

describe('cognate postman: a collection and environment for Postman and Newman', () => {
  let server: TestServer;
  let api: FastifyInstance;
  let apiUrl: string;
  let out: string;
  let collection: { info: { schema: string }; auth: { type: string; oauth2: KV[] }; item: { name: string; auth?: { type: string; oauth2?: KV[] }; item: unknown[] }[] };
  let environment: { values: (KV & { type: string })[]; _postman_variable_scope: string };
  let collectionFile: string;
  let environmentFile: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite', seeded);
    api = buildApi({ issuer: `${server.services.settings.publicUrl}/${DEMO.poolId}` });
    apiUrl = (await api.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    out = tempConfigDir();
    const made = await runCli([
      'postman',
      '--pool', DEMO.poolId,
      '--client', DEMO.publicClientId,
      '--machine-client', DEMO.machineClientId,
      '--endpoint', server.services.settings.publicUrl,
      '--api-url', apiUrl,
      '--out', out,
    ]);
    expect(made.code, made.stderr).toBe(0);
    [collectionFile, environmentFile] = made.stdout.trim().split('\n') as [string, string];
    collection = JSON.parse(readFileSync(collectionFile, 'utf8'));
    environment = JSON.parse(readFileSync(environmentFile, 'utf8'));
  });
  afterAll(async () => {
    await api?.close();
    await server?.close();
  });

  it('sets up OAuth 2.0 as the walkthrough does, with a PKCE variant', () => {
    expect(collectionFile).toBe(join(out, `cognate-${DEMO.poolId}.postman_collection.json`));
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    const auth = collection.auth.oauth2;
    expect(collection.auth.type).toBe('oauth2');
    expect(Object.fromEntries(auth.map((e) => [e.key, e.value]))).toMatchObject({
      tokenName: 'Authorization',
      grant_type: 'authorization_code',
      authUrl: '{{authUrl}}',
      accessTokenUrl: '{{accessTokenUrl}}',
      clientId: '{{clientId}}',
      redirect_uri: '{{callbackUrl}}',
      useBrowser: true,
      client_authentication: 'body',
      addTokenTo: 'header',
      accessToken: '{{accessToken}}',
    });
    const pkce = collection.item.find((f) => f.name.includes('PKCE'))!.auth!.oauth2!;
    expect(valueOf(pkce, 'grant_type')).toBe('authorization_code_with_pkce');
    expect(valueOf(pkce, 'challengeAlgorithm')).toBe('S256');

    const base = `${server.services.settings.publicUrl}/${DEMO.poolId}`;
    expect(environment._postman_variable_scope).toBe('environment');
    expect(Object.fromEntries(environment.values.map((e) => [e.key, e.value]))).toMatchObject({
      authUrl: `${base}/login`,
      accessTokenUrl: `${base}/oauth2/token`,
      clientId: DEMO.publicClientId,
      clientSecret: '',
      callbackUrl: 'https://oauth.pstmn.io/v1/callback',
      scope: 'openid email profile phone aws.cognito.signin.user.admin',
      apiUrl,
      ccClientId: DEMO.machineClientId,
      ccClientSecret: DEMO.machineSecret,
      ccScope: 'demo-api/read demo-api/write',
    });
    expect(environment.values.find((e) => e.key === 'ccClientSecret')!.type).toBe('secret');
    expect(statSync(environmentFile).mode & 0o077).toBe(0);
  });

  it('runs in Newman with a token from unattended authorization code passed as --env-var accessToken', async () => {
    const token = await runCli(
      ['token', '--raw', '--pool', DEMO.poolId, '--endpoint', server.services.settings.publicUrl, '--client-id', DEMO.publicClientId, '--redirect-uri', DEMO.loopback, '--username', DEMO.username],
      { COGNATE_CONFIG_DIR: tempConfigDir(), COGNATE_PASSWORD: DEMO.password },
    );
    expect(token.code, token.stderr).toBe(0);
    const summary = await runNewman({
      collection: collectionFile,
      environment: environmentFile,
      envVar: [{ key: 'accessToken', value: token.stdout.trim() }],
      folder: 'Signed-in user (Authorization Code, as in the walkthrough)',
    });
    expect(summary.run.failures.map((f) => f.error.message)).toEqual([]);
    expect(summary.run.executions.map((e) => [e.item.name, e.response?.code])).toEqual([
      ['GET /hello (any valid access token)', 200],
      ['GET /items (scope demo-api/read)', 403],
      ['GET /admin (group admins)', 200],
    ]);
  });

  it('cannot get a token by itself in Newman: without accessToken the API answers 401', async () => {
    const summary = await runNewman({ collection: collectionFile, environment: environmentFile, folder: 'Signed-in user (Authorization Code with PKCE)' });
    expect(summary.run.executions[0]!.response!.code).toBe(401);
    expect(summary.run.stats.assertions.failed).toBeGreaterThan(0);
  });

  it('runs the client-credentials folder in Newman, its pre-request script getting the token', async () => {
    const summary = await runNewman({ collection: collectionFile, environment: environmentFile, folder: 'Machine to machine (client credentials, pre-request script)' });
    expect(summary.run.failures.map((f) => f.error.message)).toEqual([]);
    // The script's own token request shows up as an execution too; it runs once, the token is reused.
    expect(summary.run.executions.map((e) => [e.item.name, e.response?.code])).toEqual([
      ['GET /items (scope demo-api/read)', 200],
      ['GET /items (scope demo-api/read)', 200],
      ['POST /items (scope demo-api/write)', 201],
    ]);
    expect(summary.run.stats.assertions).toMatchObject({ total: 2, failed: 0 });
  });
});
