import { CreateUserPoolCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

const CREDENTIALS = { accessKeyId: 'AKIDCONSOLE', secretAccessKey: 'console-secret-0123456789' };

const cookiesOf = (res: LightMyRequestResponse): Record<string, string> =>
  Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
const csrfOf = (res: LightMyRequestResponse): string => /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;

/** Who may use the console: open to this server's names only, or behind the admin credentials; CSRF on every form. */
describe('console access', () => {
  describe('without --admin-credentials', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer('sqlite', { allowedHosts: ['console.example'] });
      const pool = (await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'open' }))).UserPool!;
      await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id!, Domain: 'open-pool' }));
    });
    afterAll(async () => server?.close());

    it('answers loopback and allowed hosts, and refuses another name (DNS rebinding)', async () => {
      expect((await server.app.inject({ url: '/console', headers: { host: `localhost:${server.port}` } })).statusCode).toBe(200);
      expect((await server.app.inject({ url: '/console', headers: { host: 'console.example' } })).statusCode).toBe(200);
      const refused = await server.app.inject({ url: '/console', headers: { host: 'attacker.example' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('--allowed-hosts');
      expect(refused.body).not.toContain('open-pool');
    });

    it('refuses a form post without the CSRF token, or from another origin', async () => {
      const host = `localhost:${server.port}`;
      const get = await server.app.inject({ url: '/console/pools/new', headers: { host } });
      const cookie = cookiesOf(get)['cognate-console-csrf']!;
      const csrfCookie = get.cookies.find((c) => c.name === 'cognate-console-csrf')!;
      expect(csrfCookie.httpOnly).toBe(true);
      const form = (token: string) => new URLSearchParams({ _csrf: token, PoolName: 'csrf-victim' }).toString();
      const headers = { host, 'content-type': 'application/x-www-form-urlencoded', cookie: `cognate-console-csrf=${cookie}` };
      expect((await server.app.inject({ method: 'POST', url: '/console/pools', headers, payload: form('A'.repeat(43)) })).statusCode).toBe(403);
      expect((await server.app.inject({ method: 'POST', url: '/console/pools', headers: { ...headers, 'sec-fetch-site': 'cross-site' }, payload: form(csrfOf(get)) })).statusCode).toBe(403);
      const listed = await server.app.inject({ url: '/console', headers: { host } });
      expect(listed.body).not.toContain('csrf-victim');
      const ok = await server.app.inject({ method: 'POST', url: '/console/pools', headers, payload: form(csrfOf(get)) });
      expect(ok.statusCode).toBe(303);
    });

    it('refuses a multipart form post (the logo upload) without the CSRF token', async () => {
      const host = `localhost:${server.port}`;
      const get = await server.app.inject({ url: '/console/pools/new', headers: { host } });
      const cookie = cookiesOf(get)['cognate-console-csrf']!;
      const boundary = 'b0undary';
      const payload = (token: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--${boundary}\r\nContent-Disposition: form-data; name="PoolName"\r\n\r\nmultipart-victim\r\n--${boundary}--\r\n`;
      const headers = { host, 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: `cognate-console-csrf=${cookie}` };
      expect((await server.app.inject({ method: 'POST', url: '/console/pools', headers, payload: payload('A'.repeat(43)) })).statusCode).toBe(403);
      expect((await server.app.inject({ url: '/console', headers: { host } })).body).not.toContain('multipart-victim');
      expect((await server.app.inject({ method: 'POST', url: '/console/pools', headers, payload: payload(csrfOf(get)) })).statusCode).toBe(303);
    });

    it('serves a start page at / and a description of the domain on a pool domain', async () => {
      const start = await server.app.inject({ url: '/', headers: { host: `127.0.0.1:${server.port}` } });
      expect(start.statusCode).toBe(200);
      expect(start.headers['content-type']).toContain('text/html');
      expect(start.body).toContain('Open the console');
      expect(start.body).toContain('open');
      const domain = await server.app.inject({ url: '/', headers: { host: `open-pool.auth.localhost:${server.port}` } });
      expect(domain.statusCode).toBe(200);
      expect(domain.body).toContain('This is the hosted UI domain of the user pool');
      expect(domain.body).not.toContain('Route GET:/ not found');
    });
  });

  describe('with --admin-credentials', () => {
    let server: TestServer;
    let host: string;
    beforeAll(async () => {
      server = await startTestServer('sqlite', { adminCredentials: CREDENTIALS });
      host = `localhost:${server.port}`;
    });
    afterAll(async () => server?.close());

    it('asks for the credentials, then keeps an HttpOnly session', async () => {
      const first = await server.app.inject({ url: '/console/pools/new', headers: { host } });
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe('/console/login?next=%2Fconsole%2Fpools%2Fnew');
      // The start page shows no pools without a session.
      expect((await server.app.inject({ url: '/', headers: { host } })).body).toContain('Sign in to the console to see the pools');

      const login = await server.app.inject({ url: first.headers.location as string, headers: { host } });
      const csrf = cookiesOf(login)['cognate-console-csrf']!;
      const post = (secret: string) =>
        server.app.inject({
          method: 'POST',
          url: '/console/login',
          headers: { host, 'content-type': 'application/x-www-form-urlencoded', cookie: `cognate-console-csrf=${csrf}` },
          payload: new URLSearchParams({ _csrf: csrfOf(login), accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: secret, next: '/console/pools/new' }).toString(),
        });
      const wrong = await post('not-the-secret');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('Incorrect access key id or secret access key.');
      expect(cookiesOf(wrong)['cognate-console']).toBeUndefined();

      const right = await post(CREDENTIALS.secretAccessKey);
      expect(right.statusCode).toBe(303);
      expect(right.headers.location).toBe('/console/pools/new');
      const session = right.cookies.find((c) => c.name === 'cognate-console')!;
      expect(session.httpOnly).toBe(true);
      expect(session.sameSite).toBe('Lax');
      const page = await server.app.inject({ url: '/console/pools/new', headers: { host, cookie: `cognate-console=${session.value}` } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Create user pool');
      // A forged or tampered session is not one.
      const forged = await server.app.inject({ url: '/console', headers: { host, cookie: `cognate-console=${session.value.replace(/^\d+/, '9999999999')}` } });
      expect(forged.statusCode).toBe(303);
    });

    it('refuses a post without a session', async () => {
      const res = await server.app.inject({ method: 'POST', url: '/console/pools', headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'PoolName=x' });
      expect(res.statusCode).toBe(401);
    });

    it('never sends the browser elsewhere after signing in', async () => {
      const login = await server.app.inject({ url: '/console/login', headers: { host } });
      const csrf = cookiesOf(login)['cognate-console-csrf']!;
      const res = await server.app.inject({
        method: 'POST',
        url: '/console/login',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded', cookie: `cognate-console-csrf=${csrf}` },
        payload: new URLSearchParams({ _csrf: csrfOf(login), ...CREDENTIALS, next: '//evil.example/console' }).toString(),
      });
      expect(res.headers.location).toBe('/console');
    });
  });

  it('the seeded demo client lists the console callback, which npm start prints as a sign-in link', async () => {
    const { readSeedFile } = await import('../../src/api/seed.js');
    const { seedSummary } = await import('../../src/cli/seed-summary.js');
    const doc = await readSeedFile('examples/seed.yaml');
    const summary = seedSummary({ settings: { publicUrl: 'http://localhost:9400' } } as never, doc, 9400);
    const link = /Sign in now \(browser\):\s+(\S+)/.exec(summary)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.pathname).toBe('/us-east-1_DemoPool1/login');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:9400/console/callback');
    expect(url.searchParams.get('client_id')).toBe('postmandemoclient000000001');
  });
});
