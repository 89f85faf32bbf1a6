import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../examples/api/app.js';
import { runCli } from '../helpers/cli.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { DEMO, scriptedBrowser, seeded, startCli, tempConfigDir } from './helpers.js';

const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;

describe('cognate token and cognate call, as commands', () => {
  let server: TestServer;
  let api: FastifyInstance;
  let apiUrl: string;
  let issuer: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite', seeded);
    issuer = `${server.services.settings.publicUrl}/${DEMO.poolId}`;
    api = buildApi({ issuer });
    apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await api?.close();
    await server?.close();
  });

  const machine = () => ['--pool', DEMO.poolId, '--endpoint', server.services.settings.publicUrl, '--grant', 'client_credentials', '--client-id', DEMO.machineClientId, '--client-secret', DEMO.machineSecret];
  const userFlags = () => ['--pool', DEMO.poolId, '--endpoint', server.services.settings.publicUrl, '--client-id', DEMO.publicClientId, '--scope', 'openid email'];
  const env = (dir: string) => ({ COGNATE_CONFIG_DIR: dir });

  it('prints just the token with --raw, and reuses the cached one on the next run (files 0600 in a 0700 folder)', async () => {
    const dir = tempConfigDir();
    const first = await runCli(['token', ...machine(), '--raw'], env(dir));
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toMatch(JWT);
    const second = await runCli(['token', ...machine(), '--raw'], env(dir));
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toContain('Using the cached token');
    expect(statSync(join(dir, 'tokens')).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(join(dir, 'tokens'));
    expect(statSync(join(dir, 'tokens', file!)).mode & 0o777).toBe(0o600);
  });

  it('saves a profile once, in $XDG_CONFIG_HOME/cognate, without the password, and needs only its name afterwards', async () => {
    const xdg = tempConfigDir();
    const environment = { XDG_CONFIG_HOME: xdg, COGNATE_CONFIG_DIR: '', COGNATE_PASSWORD: DEMO.password };
    const saved = await runCli(['token', '--profile', 'dev', '--save', ...userFlags(), '--redirect-uri', DEMO.loopback, '--username', 'demo', '--json'], environment);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ from: 'grant', token_type: 'Bearer', scope: 'openid email' });
    const config = readFileSync(join(xdg, 'cognate', 'config.json'), 'utf8');
    expect(JSON.parse(config).profiles.dev).toMatchObject({ poolId: DEMO.poolId, clientId: DEMO.publicClientId, username: 'demo', redirectUri: DEMO.loopback });
    expect(config).not.toContain(DEMO.password);
    expect(statSync(join(xdg, 'cognate', 'config.json')).mode & 0o777).toBe(0o600);

    const again = await runCli(['token', '--profile', 'dev', '--json'], environment);
    expect(JSON.parse(again.stdout)).toMatchObject({ from: 'cache', access_token: JSON.parse(saved.stdout).access_token });
    const id = await runCli(['token', '--profile', 'dev', '--raw', '--id-token'], environment);
    expect(decodeJwt(id.stdout.trim())).toMatchObject({ token_use: 'id', 'cognito:username': 'demo', aud: DEMO.publicClientId });
    const listed = await runCli(['token', 'profiles'], environment);
    expect(listed.stdout).toMatch(/^dev\tauthorization_code\tpostmandemoclient000000001\t/m);
  });

  it('refreshes the cached token of a profile once it has expired', async () => {
    const dir = tempConfigDir();
    const environment = { ...env(dir), COGNATE_PASSWORD: DEMO.password };
    const first = JSON.parse((await runCli(['token', '--profile', 'ci', '--save', ...userFlags(), '--redirect-uri', DEMO.loopback, '--username', 'demo', '--json'], environment)).stdout);
    const file = join(dir, 'tokens', 'ci.json');
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    entry.tokens.expires_at = Math.floor(Date.now() / 1000) - 10;
    writeFileSync(file, JSON.stringify(entry));
    const refreshed = await runCli(['token', '--profile', 'ci', '--json'], environment);
    expect(refreshed.stderr).toContain('The cached token has expired; refreshing it');
    const tokens = JSON.parse(refreshed.stdout);
    expect(tokens).toMatchObject({ from: 'refresh', refresh_token: first.refresh_token });
    expect(decodeJwt(tokens.access_token).origin_jti).toBe(decodeJwt(first.access_token).origin_jti);
  });

  it('prints the sign-in address with --no-browser, waits on a loopback port, and gets the token when the browser comes back', async () => {
    const cli = startCli(['token', ...userFlags(), '--no-browser', '--no-cache', '--raw'], env(tempConfigDir()));
    const [, url] = await cli.waitForStderr(/Open this address in a browser to sign in:\n\s+(\S+)/);
    expect(cli.stderr()).toMatch(/Waiting up to 300 s for the browser to return to http:\/\/127\.0\.0\.1:\d+\/callback/);
    const page = await scriptedBrowser(url!, { username: DEMO.username, password: DEMO.password });
    expect(page.body).toContain('You can close this window');
    expect(await cli.exited).toBe(0);
    expect(decodeJwt(cli.stdout().trim())).toMatchObject({ username: 'demo', client_id: DEMO.publicClientId });
  });

  it('exits 3 with a clear message when sign-in is denied or times out', async () => {
    const cli = startCli(['token', ...userFlags(), '--no-browser', '--no-cache'], env(tempConfigDir()));
    const [, url] = await cli.waitForStderr(/sign in:\n\s+(\S+)/);
    const sent = new URL(url!).searchParams;
    await fetch(`${sent.get('redirect_uri')}?error=access_denied&state=${sent.get('state')}`);
    expect(await cli.exited).toBe(3);
    expect(cli.stderr()).toContain('cognate: Sign-in was denied or cancelled (access_denied)');

    const late = await runCli(['token', ...userFlags(), '--no-browser', '--no-cache', '--timeout', '0.5'], env(tempConfigDir()));
    expect(late.code).toBe(3);
    expect(late.stderr).toMatch(/No response reached http:\/\/127\.0\.0\.1:\d+\/callback within 500 ms; sign-in timed out/);
  });

  it('takes Postman-style settings: Auth URL = domain + /login, Access Token URL, client authentication', async () => {
    const result = await runCli(
      ['token', '--auth-url', `${issuer}/login`, '--token-url', `${issuer}/oauth2/token`, '--client-id', DEMO.publicClientId, '--client-auth', 'body', '--scope', 'openid', '--state', 'fixed-state', '--redirect-uri', DEMO.loopback, '--username', 'demo', '--no-cache', '--raw'],
      { ...env(tempConfigDir()), COGNATE_PASSWORD: DEMO.password },
    );
    expect(result.code).toBe(0);
    expect(decodeJwt(result.stdout.trim())).toMatchObject({ scope: 'openid', username: 'demo' });
  });

  it('signs in with Cognito’s SRP for --grant password, and exits 3 on a wrong password', async () => {
    const ok = await runCli(['token', ...userFlags(), '--grant', 'password', '--username', 'demo', '--password', DEMO.password, '--no-cache', '--raw'], env(tempConfigDir()));
    expect(ok.code).toBe(0);
    expect(decodeJwt(ok.stdout.trim())).toMatchObject({ username: 'demo', scope: 'aws.cognito.signin.user.admin' });
    const bad = await runCli(['token', ...userFlags(), '--grant', 'password', '--username', 'demo', '--password', 'Wrong-passw0rd', '--no-cache'], env(tempConfigDir()));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('NotAuthorizedException: Incorrect username or password.');
  });

  it('exits 2 for bad settings', async () => {
    expect((await runCli(['token', '--grant', 'magic'], env(tempConfigDir()))).code).toBe(2);
    const noClient = await runCli(['token', '--pool', DEMO.poolId], env(tempConfigDir()));
    expect(noClient.code).toBe(2);
    expect(noClient.stderr).toContain('No client id');
  });

  it('decodes a token with readable times, and verifies it against the issuer’s JWKS', async () => {
    const token = (await runCli(['token', ...machine(), '--raw'], env(tempConfigDir()))).stdout.trim();
    const decoded = await runCli(['token', 'decode', token]);
    expect(decoded.code).toBe(0);
    expect(decoded.stdout).toContain('"token_use": "access"');
    expect(decoded.stdout).toMatch(/exp\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+\(in 60 min\)/);

    const valid = await runCli(['token', 'verify', token, '--pool', DEMO.poolId, '--endpoint', server.services.settings.publicUrl, '--require-scope', 'demo-api/read']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain(`valid: access token of ${DEMO.machineClientId}, issued by ${issuer}`);
    const [h, p, s] = token.split('.');
    const tampered = await runCli(['token', 'verify', `${h}.${p}.${s!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`, '--issuer', issuer]);
    expect(tampered.code).toBe(3);
    expect(tampered.stderr).toContain('invalid: The token signature does not verify (signature)');
  });

  it('calls an API with the token: pretty JSON and exit 0 for 2xx, 4 for 4xx, 5 for 5xx, 6 when unreachable', async () => {
    const dir = tempConfigDir();
    const list = await runCli(['call', `${apiUrl}/items`, ...machine()], env(dir));
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('{\n  "items": [\n');
    const created = await runCli(['call', 'POST', `${apiUrl}/items`, '--data-json', '{"name":"from the CLI"}', '-i', ...machine()], env(dir));
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^HTTP 201 Created\n/);
    expect(created.stdout).toContain('"createdBy": "servicedemoclient000000001"');
    const forbidden = await runCli(['call', `${apiUrl}/admin`, ...machine()], env(dir));
    expect(forbidden.code).toBe(4);
    expect(forbidden.stderr).toContain('HTTP 403 Forbidden');

    const failing = createServer((_req, res) => res.writeHead(503).end('down for maintenance'));
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
    const failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/`;
    try {
      expect((await runCli(['call', failingUrl, ...machine()], env(dir))).code).toBe(5);
    } finally {
      await new Promise((r) => failing.close(r));
    }
    const unreachable = await runCli(['call', failingUrl, ...machine()], env(dir));
    expect(unreachable.code).toBe(6);
    expect(unreachable.stderr).toContain('Cannot reach');
  });

  it('gets a new token and tries once more when the API refuses the cached one', async () => {
    const dir = tempConfigDir();
    await runCli(['token', '--profile', 'svc', '--save', ...machine()], env(dir));
    const file = join(dir, 'tokens', 'svc.json');
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    const [h, p] = entry.tokens.access_token.split('.');
    entry.tokens.access_token = `${h}.${p}.${'A'.repeat(342)}`; // a token the API will not accept
    writeFileSync(file, JSON.stringify(entry));
    const retried = await runCli(['call', '--profile', 'svc', `${apiUrl}/items`], env(dir));
    expect(retried.code).toBe(0);
    expect(retried.stderr).toContain('The API refused the cached token; getting a new one');
    expect(JSON.parse(readFileSync(file, 'utf8')).tokens.access_token).not.toContain('AAAAAAAA');
  });

  it('calls an API as a signed-in user, and exits 3 when no token can be had', async () => {
    const hello = await runCli(['call', `${apiUrl}/hello`, ...userFlags(), '--redirect-uri', DEMO.loopback, '--username', 'demo'], {
      ...env(tempConfigDir()),
      COGNATE_PASSWORD: DEMO.password,
    });
    expect(hello.code).toBe(0);
    expect(JSON.parse(hello.stdout)).toMatchObject({ message: 'Hello, demo!', groups: ['admins'] });
    const refused = await runCli(['call', `${apiUrl}/hello`, ...userFlags(), '--redirect-uri', DEMO.loopback, '--username', 'demo', '--password', 'Wrong-passw0rd'], env(tempConfigDir()));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Incorrect username or password.');
  });
});
