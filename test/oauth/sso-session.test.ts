import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  DeleteUserCommand,
  GlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SSO_COOKIE_NAME, SSO_SESSION_SECONDS } from '../../src/core/oauth/sso-session.js';
import { ManualClock } from '../../src/core/providers.js';
import type { TestServer } from '../helpers/server.js';
import { engines, forEachEngine, nodesOnOneDatabase } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import type { UiFixture } from '../ui/fixture.js';
import { callbackQuery, createUiFixture, createUser, exchangeCode, LOGOUT, PASSWORD } from '../ui/fixture.js';

const clock = new ManualClock(Date.now());
// GlobalSignOut and DeleteUser take an access token with the self-service scope.
const SCOPE = { scope: 'openid email aws.cognito.signin.user.admin' };
const CLIENT = { AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'] };

/** Signs in on the hosted page as a browser does; returns the browser (holding the SSO cookie) and the code. */
async function signInThroughPage(fx: UiFixture, username: string, base = fx.base): Promise<{ browser: FormBrowser; code: string }> {
  const browser = new FormBrowser();
  const page = await browser.get(`${base}/login?${new URLSearchParams(fx.authorizeParams(SCOPE))}`);
  const done = await browser.submit(page, 'cognitoSignInForm', { username, password: PASSWORD });
  const code = callbackQuery(done.location).get('code');
  if (!code) throw new Error('no code');
  expect(browser.cookies.get(SSO_COOKIE_NAME)).toBeTruthy();
  return { browser, code };
}

/** A stranger's browser holding a copy of the session cookie. */
function thiefWith(cookie: string): FormBrowser {
  const thief = new FormBrowser();
  thief.cookies.set(SSO_COOKIE_NAME, cookie);
  return thief;
}

/** What /oauth2/authorize does with a copied cookie: 'code' when it is honoured, 'login' when the sign-in page is shown instead. */
async function replay(fx: UiFixture, cookie: string, base = fx.base): Promise<'code' | 'login'> {
  const res = await thiefWith(cookie).get(`${base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams(SCOPE))}`);
  expect(res.status).toBe(302);
  const location = new URL(res.location!);
  if (location.pathname === new URL(`${base}/login`).pathname) {
    expect(location.searchParams.get('code')).toBeNull();
    return 'login';
  }
  expect(callbackQuery(res.location).get('code')).toBeTruthy();
  return 'code';
}

const logoutUrl = (fx: UiFixture, base = fx.base) => `${base}/logout?${new URLSearchParams({ client_id: fx.clientId, logout_uri: LOGOUT })}`;

forEachEngine(
  'hosted UI sessions end on the server',
  (server) => {
    let fx: UiFixture;
    const fresh = async () => {
      const username = `u${randomBytes(4).toString('hex')}`;
      await createUser(server(), fx.poolId, username);
      return username;
    };
    beforeAll(async () => {
      fx = await createUiFixture(server(), {}, CLIENT);
    });

    it('refuses a copied cookie after /logout, while another browser of the same user stays signed in', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const other = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      expect(await replay(fx, copied)).toBe('code');

      const out = await browser.get(logoutUrl(fx));
      expect(out.status).toBe(302);
      expect(out.location).toBe(LOGOUT);
      expect(browser.cookies.has(SSO_COOKIE_NAME)).toBe(false);

      expect(await replay(fx, copied)).toBe('login');
      expect(await replay(fx, other.browser.cookies.get(SSO_COOKIE_NAME)!)).toBe('code');
    });

    it('ends the session on /logout with redirect_uri (sign in again) too', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      const out = await browser.get(`${fx.base}/logout?${new URLSearchParams({ client_id: fx.clientId, redirect_uri: fx.authorizeParams().redirect_uri!, response_type: 'code' })}`);
      expect(new URL(out.location!).pathname).toBe(new URL(`${fx.base}/login`).pathname);
      expect(await replay(fx, copied)).toBe('login');
    });

    it('leaves the session alone when /logout is refused (no client_id)', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      expect((await browser.get(`${fx.base}/logout`)).status).toBe(400);
      expect(await replay(fx, copied)).toBe('code');
    });

    it('refuses a copied cookie after GlobalSignOut', async () => {
      const username = await fresh();
      const { browser, code } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      const tokens = await exchangeCode(fx, code);
      await server().cognito.send(new GlobalSignOutCommand({ AccessToken: tokens.body.access_token as string }));
      expect(await replay(fx, copied)).toBe('login');
    });

    it('refuses a copied cookie after AdminUserGlobalSignOut', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      await server().cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: fx.poolId, Username: username }));
      expect(await replay(fx, copied)).toBe('login');
    });

    it('refuses a copied cookie after AdminDisableUser, even once the user is enabled again', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      await server().cognito.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: username }));
      expect(await replay(fx, copied)).toBe('login');
      await server().cognito.send(new AdminEnableUserCommand({ UserPoolId: fx.poolId, Username: username }));
      expect(await replay(fx, copied)).toBe('login');
      // The user may sign in again, with a new session.
      expect(await replay(fx, (await signInThroughPage(fx, username)).browser.cookies.get(SSO_COOKIE_NAME)!)).toBe('code');
    });

    it('refuses a copied cookie after AdminDeleteUser, even when a user of the same name is created again', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      await server().cognito.send(new AdminDeleteUserCommand({ UserPoolId: fx.poolId, Username: username }));
      expect(await replay(fx, copied)).toBe('login');
      await createUser(server(), fx.poolId, username);
      expect(await replay(fx, copied)).toBe('login');
    });

    it('refuses a copied cookie after DeleteUser', async () => {
      const username = await fresh();
      const { browser, code } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      const tokens = await exchangeCode(fx, code);
      await server().cognito.send(new DeleteUserCommand({ AccessToken: tokens.body.access_token as string }));
      expect(await replay(fx, copied)).toBe('login');
    });

    it('still voids the session when the password changes', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      clock.advance(1000);
      await server().cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: fx.poolId, Username: username, Password: 'Another-passw0rd', Permanent: true }));
      expect(await replay(fx, copied)).toBe('login');
    });

    it('refuses a well-sealed cookie whose session row is gone', async () => {
      const username = await fresh();
      const { browser } = await signInThroughPage(fx, username);
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      const db = server().services.store.db;
      await db.deleteFrom('sso_sessions').where('pool_id', '=', fx.poolId).where('username_key', '=', username).execute();
      expect(await replay(fx, copied)).toBe('login');
    });

    it('sweeps expired sessions from the store', async () => {
      const username = await fresh();
      await signInThroughPage(fx, username);
      const db = server().services.store.db;
      const count = async () =>
        Number((await db.selectFrom('sso_sessions').select((eb) => eb.fn.countAll().as('n')).where('pool_id', '=', fx.poolId).where('username_key', '=', username).executeTakeFirstOrThrow()).n);
      expect(await count()).toBe(1);
      clock.advance(SSO_SESSION_SECONDS * 1000 + 2 * 60_000);
      // Housekeeping runs with the next sign-in, anywhere in the server.
      await signInThroughPage(fx, await fresh());
      expect(await count()).toBe(0);
    });
  },
  { clock },
);

if (engines().includes('postgres')) {
  describe('hosted UI sessions across two nodes on one PostgreSQL database', () => {
    const servers = nodesOnOneDatabase(2);

    it('a session logged out on node A is refused on node B', async () => {
      const [a, b] = servers() as [TestServer, TestServer];
      const fx = await createUiFixture(a, {}, CLIENT);
      const baseB = `${b.services.settings.publicUrl}/${fx.poolId}`;
      await a.cognito.send(new AdminCreateUserCommand({ UserPoolId: fx.poolId, Username: 'nina', MessageAction: 'SUPPRESS' }));
      await a.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: fx.poolId, Username: 'nina', Password: PASSWORD, Permanent: true }));
      const { browser } = await signInThroughPage(fx, 'nina');
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      expect(await replay(fx, copied, baseB)).toBe('code');
      expect((await browser.get(logoutUrl(fx))).location).toBe(LOGOUT);
      expect(await replay(fx, copied, baseB)).toBe('login');
      expect(await replay(fx, copied)).toBe('login');
    });

    it('a user disabled through node B loses the session signed in on node A', async () => {
      const [a, b] = servers() as [TestServer, TestServer];
      const fx = await createUiFixture(a, {}, CLIENT);
      await createUser(a, fx.poolId, 'omar');
      const { browser } = await signInThroughPage(fx, 'omar');
      const copied = browser.cookies.get(SSO_COOKIE_NAME)!;
      await b.cognito.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: 'omar' }));
      await b.cognito.send(new AdminEnableUserCommand({ UserPoolId: fx.poolId, Username: 'omar' }));
      expect(await replay(fx, copied)).toBe('login');
    });
  });
}
