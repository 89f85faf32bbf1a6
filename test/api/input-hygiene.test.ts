import { request as httpRequest } from 'node:http';
import { AdminGetUserCommand, GetGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../ui/form-client.js';
import type { UiFixture } from '../ui/fixture.js';
import { createUiFixture, createUser, PASSWORD } from '../ui/fixture.js';
import { forEachEngine, json } from '../helpers/server.js';

/**
 * Text PostgreSQL cannot store (U+0000) and text UTF-8 cannot encode (unpaired surrogates) is refused
 * where it enters, in each protocol's own error, the same on SQLite and PostgreSQL (issue 8, point 3).
 */

const NUL = '\u0000';

forEachEngine('input hygiene', (server) => {
  let fx: UiFixture;

  beforeAll(async () => {
    fx = await createUiFixture(server(), {}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await createUser(server(), fx.poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
  });

  const api = async (operation: string, body: unknown) => {
    const res = await fetch(server().url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: await json(res) };
  };

  const expectRefused = (res: Awaited<ReturnType<typeof api>>, path: string) => {
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('InvalidParameterException');
    expect(res.body).toEqual({
      __type: 'InvalidParameterException',
      message: `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must not contain NUL characters or unpaired surrogates`,
    });
  };

  /** A hosted-UI error page, not a crash. */
  const expectErrorPage = (res: { status: number; headers: Headers; body: string }) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toContain('An error was encountered with the requested page');
    expect(res.body).toContain('invalid_request');
  };

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { redirect: 'manual', headers });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  describe('Cognito API', () => {
    it('refuses a NUL in InitiateAuth USERNAME with InvalidParameterException', async () => {
      const res = await api('InitiateAuth', { ClientId: fx.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: `alice${NUL}`, PASSWORD: 'x' } });
      expectRefused(res, 'authParameters.USERNAME');
    });

    it('refuses a NUL in the ListUsers Filter', async () => {
      expectRefused(await api('ListUsers', { UserPoolId: fx.poolId, Filter: `username = "a${NUL}"` }), 'filter');
    });

    it('refuses a NUL in an attribute value and leaves the user as it was', async () => {
      const res = await api('AdminUpdateUserAttributes', { UserPoolId: fx.poolId, Username: 'alice', UserAttributes: [{ Name: 'name', Value: `x${NUL}` }] });
      expectRefused(res, 'userAttributes.1.member.value');
      const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: 'alice' }));
      expect(user.UserAttributes?.find((a) => a.Name === 'name')).toBeUndefined();
    });

    it('refuses a NUL in a SignUp attribute', async () => {
      const res = await api('SignUp', { ClientId: fx.clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `bob${NUL}@example.com` }] });
      expectRefused(res, 'userAttributes.1.member.value');
    });

    it('refuses a NUL or an unpaired surrogate in a group Description, and creates no group', async () => {
      expectRefused(await api('CreateGroup', { UserPoolId: fx.poolId, GroupName: 'g1', Description: `x${NUL}` }), 'description');
      expectRefused(await api('CreateGroup', { UserPoolId: fx.poolId, GroupName: 'g2', Description: 'x\ud800' }), 'description');
      // JSON may spell the surrogate as an escape: the same refusal.
      expectRefused(await api('CreateGroup', `{"UserPoolId":"${fx.poolId}","GroupName":"g3","Description":"x\\udc00"}`), 'description');
      for (const GroupName of ['g1', 'g2', 'g3']) {
        await expect(server().cognito.send(new GetGroupCommand({ UserPoolId: fx.poolId, GroupName }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      }
    });

    it('keeps a well-formed surrogate pair (an emoji) in a Description', async () => {
      const res = await api('CreateGroup', { UserPoolId: fx.poolId, GroupName: 'emoji', Description: 'party 🎉' });
      expect(res.status).toBe(200);
      expect(res.body.Group.Description).toBe('party 🎉');
    });

    it('refuses a NUL in custom CSS (SetUICustomization)', async () => {
      expectRefused(await api('SetUICustomization', { UserPoolId: fx.poolId, ClientId: fx.clientId, CSS: `.banner-customizable { color: red; }${NUL}` }), 'cSS');
    });

    it('refuses a NUL in a member the operation does not declare', async () => {
      expectRefused(await api('ListGroups', { UserPoolId: fx.poolId, Extra: { deeper: [`x${NUL}`] } }), 'Extra.deeper.1');
    });

    it('answers a deeply nested body with a validation error, not a stall', async () => {
      const depth = 300_000;
      const res = await api('ListGroups', `{"UserPoolId":"${fx.poolId}","Extra":${'['.repeat(depth)}"${'\\u0000'}"${']'.repeat(depth)}}`);
      expect(res.status).toBe(400);
      expect(res.body.__type).toBe('InvalidParameterException');
    });
  });

  describe('OAuth endpoints and hosted pages', () => {
    it('shows the error page for /oauth2/authorize?client_id=%00, and for a NUL under an empty parameter name', async () => {
      expectErrorPage(await get(`${fx.base}/oauth2/authorize?client_id=%00`));
      expectErrorPage(await get(`${fx.base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams())}&=%00`));
    });

    it('shows the error page for a NUL nonce on /oauth2/authorize and on the /login form', async () => {
      expectErrorPage(await get(`${fx.base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams({ nonce: `n${NUL}` }))}`));
      const browser = new FormBrowser();
      const login = await browser.get(fx.loginUrl());
      const csrf = browser.cookies.get('XSRF-TOKEN')!;
      expect(login.status).toBe(200);
      // The right password: before the fix, storing the code with its nonce failed on PostgreSQL.
      const res = await browser.request(fx.loginUrl({ nonce: `n${NUL}` }), { method: 'POST', form: { _csrf: csrf, username: 'alice', password: PASSWORD } });
      expectErrorPage(res);
    });

    it('shows the error page for a NUL in the username on /login', async () => {
      const browser = new FormBrowser();
      await browser.get(fx.loginUrl());
      const res = await browser.request(fx.loginUrl(), { method: 'POST', form: { _csrf: browser.cookies.get('XSRF-TOKEN')!, username: `al${NUL}ice`, password: 'x' } });
      expectErrorPage(res);
    });

    it('sends emoji and quotes in response_type on /login and /signup back to the client as invalid_request', async () => {
      for (const page of ['login', 'signup']) {
        const url = fx.loginUrl({ response_type: `😀"'` }).replace('/login?', `/${page}?`);
        const browser = new FormBrowser();
        const shown = await browser.get(url);
        expect(shown.status).toBe(302);
        expect(new URL(shown.location!).searchParams.get('error')).toBe('invalid_request');
        const posted = await browser.request(url, { method: 'POST', form: { _csrf: 'x', username: 'alice', password: PASSWORD } });
        expect(posted.status).toBeLessThan(500);
      }
    });

    it('shows the error page for a NUL on /logout and on a page the browser has a sign-in for', async () => {
      expectErrorPage(await get(`${fx.base}/logout?client_id=%00&logout_uri=https%3A%2F%2Fapp.example%2Fsigned-out`));
      expectErrorPage(await get(`${fx.base}/signup?${new URLSearchParams(fx.authorizeParams({ state: `s${NUL}` }))}`));
    });

    it('answers the token endpoint with invalid_request for a NUL in the form and invalid_client for one in Basic credentials', async () => {
      const form = await fetch(`${fx.base}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=%00',
      });
      expect(form.status).toBe(400);
      expect(await json(form)).toEqual({ error: 'invalid_request', error_description: 'Parameter client_id contains characters that are not allowed.' });
      const basic = await fetch(`${fx.base}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${fx.clientId}${NUL}:secret`).toString('base64')}` },
        body: 'grant_type=client_credentials',
      });
      expect(basic.status).toBe(401);
      expect((await json(basic)).error).toBe('invalid_client');
    });

    it('treats a cookie holding a NUL as absent', async () => {
      const res = await get(`${fx.base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams())}`, { cookie: 'cognito=%00; XSRF-TOKEN=%00' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toContain('/login?');
    });

    it('refuses a repeated client_id with the error page, and another repeated parameter back at the client', async () => {
      const page = await get(`${fx.loginUrl()}&client_id=other`);
      expect(page.status).toBe(400);
      expect(page.body).toContain('redirect_mismatch');
      const res = await get(`${fx.loginUrl()}&state=again`);
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    });

    it('refuses a NUL in the logo path', async () => {
      expectErrorPage(await get(`${fx.base}/ui/logo/%00`));
    });

    it('answers Cognate admin endpoints with InvalidParameterException for NUL and repeated query values', async () => {
      for (const query of ['pool=%00', `pool=${fx.poolId}&pool=x`, 'user=a%00', `pool=${fx.poolId}&=a%00b&user=a&user=b`]) {
        const res = await fetch(`${server().url}/_cognate/outbox?${query}`);
        expect(res.status).toBe(400);
        expect((await json(res)).__type).toBe('InvalidParameterException');
      }
      const seed = await fetch(`${server().url}/_cognate/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pools: [{ name: `p${NUL}` }] }) });
      expect(seed.status).toBe(400);
      expect((await json(seed)).__type).toBe('InvalidParameterException');
    });
  });

  describe('raw header bytes', () => {
    /** Headers node:http will not send (0xFF, a 9 KB value) go out byte for byte. */
    const raw = (path: string, headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const url = new URL(server().url);
        const req = httpRequest({ host: url.hostname, port: url.port, path, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('latin1')])) }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });

    it('answers a cookie of U+00FF bytes and a 9 KB cookie without a 5xx', async () => {
      const path = `/${fx.poolId}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams())}`;
      expect(await raw(path, { cookie: 'cognito=\u00ff\u00fe; XSRF-TOKEN=😀' })).toBe(302);
      expect(await raw(path, { cookie: `cognito=${'a'.repeat(9 * 1024)}` })).toBe(302);
    });
  });
});
