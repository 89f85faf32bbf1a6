import { CreateUserPoolClientCommand, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { forEachEngine, startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import { FormBrowser, formsOf } from '../ui/form-client.js';
import { callbackQuery, createUiFixture, createUser, PASSWORD } from '../ui/fixture.js';
import type { UiFixture } from '../ui/fixture.js';

/**
 * What a browser sees of the hosted UI and the OAuth endpoints: HSTS and `__Host-` cookies when the
 * server is published over https, form posts refused when a browser says they come from another
 * origin, and redirect URIs that could run script refused at registration.
 */

const HTTPS_URL = 'https://idp.example.test';

/** The fixture's login URL on the listening address (the https public URL is not reachable from the test). */
const reachable = (server: TestServer, url: string) => url.replace(server.services.settings.publicUrl, server.url);

const setCookie = (headers: Headers, name: string) => headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

forEachEngine(
  'published over https',
  (server) => {
    let fx: UiFixture;

    it('sends HSTS on the hosted pages and the OAuth endpoints, because the public URL is https', async () => {
      fx = await createUiFixture(server());
      await createUser(server(), fx.poolId, 'alice');
      for (const path of [`/${fx.poolId}/.well-known/openid-configuration`, `/${fx.poolId}/login?${new URL(fx.loginUrl()).search.slice(1)}`, `/${fx.poolId}/oauth2/token`]) {
        const res = await fetch(`${server().url}${path}`, { method: path.endsWith('token') ? 'POST' : 'GET' });
        expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=31536000/);
      }
    });

    it('names every hosted-UI cookie __Host-<name>-<poolId>: Secure, Path=/, no Domain', async () => {
      const browser = new FormBrowser();
      const page = await browser.get(reachable(server(), fx.loginUrl()));
      const csrf = setCookie(page.headers, `__Host-XSRF-TOKEN-${fx.poolId}`)!;
      expect(csrf).toBeDefined();
      expect(csrf).toMatch(/; Path=\/(;|$)/);
      expect(csrf).toContain('; Secure');
      expect(csrf).not.toMatch(/Domain=/i);
      expect(setCookie(page.headers, 'XSRF-TOKEN')).toBeUndefined();

      const done = await browser.submit(page, 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
      expect(done.status).toBe(303);
      expect(callbackQuery(done.location).get('code')).toBeTruthy();
      const sso = setCookie(done.headers, `__Host-cognito-${fx.poolId}`)!;
      expect(sso).toMatch(/; Path=\/(;|$)/);
      expect(sso).toContain('; Secure');
      expect(setCookie(done.headers, 'cognito')).toBeUndefined();

      // The session is read back under its new name: single sign-on without the form.
      const again = await browser.get(reachable(server(), `${fx.base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams())}`));
      expect(callbackQuery(again.location).get('code')).toBeTruthy();
    });

    it('keeps pools apart by name, since the path is / for all: one pool’s session does not sign in to another', async () => {
      const other = await createUiFixture(server());
      await createUser(server(), other.poolId, 'alice');
      const browser = new FormBrowser();
      const done = await browser.submit(await browser.get(reachable(server(), fx.loginUrl())), 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
      expect(browser.cookies.has(`__Host-cognito-${fx.poolId}`)).toBe(true);
      expect(done.status).toBe(303);
      const elsewhere = await browser.get(reachable(server(), `${other.base}/oauth2/authorize?${new URLSearchParams(other.authorizeParams())}`));
      expect(elsewhere.location).toContain(`/${other.poolId}/login?`);
    });

    it('carries a sign-in in progress in __Host-cognate-signin-<poolId> and finishes it', async () => {
      await createUser(server(), fx.poolId, 'frank', [], { temporary: true });
      const browser = new FormBrowser();
      const next = await browser.submit(await browser.get(reachable(server(), fx.loginUrl())), 'cognitoSignInForm', { username: 'frank', password: PASSWORD });
      expect(next.location).toContain(`/${fx.poolId}/newPassword?`);
      const signIn = setCookie(next.headers, `__Host-cognate-signin-${fx.poolId}`)!;
      expect(signIn).toMatch(/; Path=\/(;|$)/);
      expect(signIn).toContain('; Secure');
      const page = await browser.follow(next);
      const done = await browser.submit(page, 'newPasswordForm', { newPassword: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!' });
      expect(callbackQuery(done.location).get('code')).toBeTruthy();
      expect(browser.cookies.has(`__Host-cognate-signin-${fx.poolId}`)).toBe(false);
    });
  },
  { publicUrl: HTTPS_URL },
);

forEachEngine('the hosted forms against other origins', (server) => {
  let fx: UiFixture;
  const signInPost = async (headers: Record<string, string>) => {
    const browser = new FormBrowser();
    const page = await browser.get(fx.loginUrl());
    const form = formsOf(page.body).find((f) => f.name === 'cognitoSignInForm')!;
    const res = await browser.request(new URL(form.action, page.url).toString(), {
      method: 'POST',
      form: { ...form.fields, username: 'alice', password: PASSWORD },
      headers,
    });
    return { res, browser };
  };

  it('refuses a sign-in form post that a browser says comes from another site or origin', async () => {
    fx = await createUiFixture(server());
    await createUser(server(), fx.poolId, 'alice');
    const crossOrigin: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' },
      { origin: 'https://evil.example' },
    ];
    for (const headers of crossOrigin) {
      const { res, browser } = await signInPost(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.location).toBeUndefined();
      expect(browser.cookies.has('cognito')).toBe(false);
    }
  });

  it('accepts same-origin posts, and posts from clients that send no Origin (cognate token, Postman, curl)', async () => {
    const own = new URL(server().url).origin.replace('127.0.0.1', 'localhost');
    const sameOrigin: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin', origin: 'null' }, { origin: own }, { origin: 'null' }, {}];
    for (const headers of sameOrigin) {
      const { res } = await signInPost(headers);
      expect(res.status, JSON.stringify(headers)).toBe(303);
      expect(callbackQuery(res.location).get('code')).toBeTruthy();
    }
  });

  it('keeps http cookies scoped to the pool’s path under their plain names', async () => {
    const browser = new FormBrowser();
    const page = await browser.get(fx.loginUrl());
    expect(setCookie(page.headers, 'XSRF-TOKEN')).toContain(`Path=/${fx.poolId}`);
    expect(page.headers.get('strict-transport-security')).toBeNull();
  });

  it('refuses javascript:, data:, vbscript:, file: and other script or local schemes as callback and sign-out URLs', async () => {
    const base = { UserPoolId: fx.poolId, ClientName: 'schemes', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid'], SupportedIdentityProviders: ['COGNITO'] };
    const dangerous = [
      'javascript:alert(document.domain)',
      'JavaScript://%0aalert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://app.example/uuid',
    ];
    for (const uri of dangerous) {
      await expect(server().cognito.send(new CreateUserPoolClientCommand({ ...base, CallbackURLs: [uri] })), uri).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(server().cognito.send(new CreateUserPoolClientCommand({ ...base, CallbackURLs: ['https://app.example/cb'], LogoutURLs: [uri] })), uri).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
      await expect(server().cognito.send(new UpdateUserPoolClientCommand({ ...base, ClientId: fx.clientId, CallbackURLs: [uri] })), uri).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    }
    await expect(server().cognito.send(new CreateUserPoolClientCommand({ ...base, CallbackURLs: ['http://app.example/cb'] }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Native apps' own schemes and http on loopback stay allowed, as in Cognito.
    const ok = await server().cognito.send(new CreateUserPoolClientCommand({ ...base, CallbackURLs: ['myapp://callback', 'com.example.app:/oauth', 'http://localhost:3000/cb', 'http://127.0.0.1/cb'] }));
    expect(ok.UserPoolClient?.CallbackURLs).toHaveLength(4);
  });
});

describe('the request log', () => {
  it('masks tokens, codes and secrets in query strings, and never logs cookies or Authorization', async () => {
    const lines: string[] = [];
    const server = await startTestServer('sqlite', { logLevel: 'debug', logStream: { write: (line: string) => void lines.push(line) } });
    try {
      const secrets = {
        code: 'c0de-SECRET-1',
        access_token: 'eyJ-ACCESS-SECRET',
        id_token: 'eyJ-ID-SECRET',
        refresh_token: 'REFRESH-SECRET',
        client_secret: 'CLIENT-SECRET',
        password: 'PASSWORD-SECRET',
        code_verifier: 'VERIFIER-SECRET',
      };
      const query = new URLSearchParams({ ...secrets, state: 'visible-state', client_id: 'visibleclient' });
      await fetch(`${server.url}/us-east-1_Nope12345/oauth2/authorize?${query}`, { headers: { authorization: 'Bearer AUTH-HEADER-SECRET', cookie: 'cognito=COOKIE-SECRET' } });
      await fetch(`${server.url}/callback?Access_Token=MIXED-CASE-SECRET&code=${encodeURIComponent('ünïcode SECRET')}`);
      const log = lines.join('');
      expect(log).toContain('visible-state');
      expect(log).toContain('code=[REDACTED]');
      for (const secret of [...Object.values(secrets), 'AUTH-HEADER-SECRET', 'COOKIE-SECRET', 'MIXED-CASE-SECRET', 'SECRET']) expect(log).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});
