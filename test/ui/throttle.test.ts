import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { DEFAULT_UI_RATE_LIMIT, UI_THROTTLE_WINDOW_MS } from '../../src/core/oauth/ui-throttle.js';
import type { TestServer } from '../helpers/server.js';
import { engines, forEachEngine, nodesOnOneDatabase } from '../helpers/server.js';
import type { Page } from './form-client.js';
import { errorsOf, FormBrowser } from './form-client.js';
import type { UiFixture } from './fixture.js';
import { callbackQuery, createUiFixture, createUser, PASSWORD } from './fixture.js';

const THROTTLED = 'Too many attempts from your network. Please wait a minute and try again.';

// The window only moves when a test moves it.
const clock = new ManualClock(Date.UTC(2026, 0, 1));
/** Starts every test in a window of its own. */
const nextWindow = () => clock.advance(UI_THROTTLE_WINDOW_MS);

const newName = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

async function signIn(browser: FormBrowser, fx: UiFixture, username: string, password: string, base = fx.base): Promise<Page> {
  const page = await browser.get(`${base}/login?${new URLSearchParams(fx.authorizeParams())}`);
  return browser.submit(page, 'cognitoSignInForm', { username, password });
}

function expectThrottled(res: Page): void {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(errorsOf(res.body)).toEqual([THROTTLED]);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

forEachEngine(
  'hosted UI throttle with its default limits',
  (server) => {
    let fx: UiFixture;
    beforeAll(async () => {
      fx = await createUiFixture(server());
    });

    it('lets a CI suite sign the same user in 100 times in one minute from one address', async () => {
      nextWindow();
      await createUser(server(), fx.poolId, 'ci-user');
      for (let i = 0; i < 100; i++) {
        const done = await signIn(new FormBrowser('127.0.0.1'), fx, 'ci-user', PASSWORD);
        expect(done.status, `sign-in ${i + 1}`).toBe(303);
        expect(callbackQuery(done.location).get('code')).toBeTruthy();
      }
    }, 120_000);

    it('lets a CI suite sign 100 different users in within one minute from one address', async () => {
      nextWindow();
      const names = Array.from({ length: 100 }, (_, i) => `ci-${i}`);
      for (let i = 0; i < names.length; i += 10) await Promise.all(names.slice(i, i + 10).map((name) => createUser(server(), fx.poolId, name)));
      for (const name of names) {
        const done = await signIn(new FormBrowser('127.0.0.1'), fx, name, PASSWORD);
        expect(done.status, name).toBe(303);
      }
    }, 120_000);

    it(`throttles one user hammered with wrong passwords from one address after ${DEFAULT_UI_RATE_LIMIT.perUser} tries`, async () => {
      nextWindow();
      const victim = newName('victim');
      await createUser(server(), fx.poolId, victim);
      const attacker = new FormBrowser('127.0.0.3');
      for (let i = 0; i < DEFAULT_UI_RATE_LIMIT.perUser; i++) {
        const res = await signIn(attacker, fx, victim, `Wrong-${i}!`);
        expect(res.status).toBe(200);
        // The lockout answers on its own after five failures.
        expect(errorsOf(res.body)).toHaveLength(1);
      }
      expectThrottled(await signIn(attacker, fx, victim, `Wrong-x!`));
    });
  },
  { clock },
);

forEachEngine(
  'hosted UI throttle per address and user',
  (server) => {
    let fx: UiFixture;
    beforeAll(async () => {
      fx = await createUiFixture(server());
    });

    it('counts failed sign-ins per address and user; the next post is not judged, other users and addresses go on, the next window starts afresh', async () => {
      nextWindow();
      const rita = newName('rita');
      const sam = newName('sam');
      await createUser(server(), fx.poolId, rita);
      await createUser(server(), fx.poolId, sam);
      const attacker = new FormBrowser('127.0.0.4');
      for (let i = 0; i < 3; i++) {
        const res = await signIn(attacker, fx, rita, 'Wrong0rd!');
        expect(errorsOf(res.body)).toEqual(['Incorrect username or password.']);
      }
      // Even the right password is not judged now.
      expectThrottled(await signIn(attacker, fx, rita, PASSWORD));
      // The page itself still loads; only the posts are counted.
      expect((await attacker.get(fx.loginUrl())).status).toBe(200);
      // Another user from the same address, and the same user from another address, still sign in.
      expect((await signIn(attacker, fx, sam, PASSWORD)).status).toBe(303);
      expect((await signIn(new FormBrowser('127.0.0.5'), fx, rita, PASSWORD)).status).toBe(303);
      nextWindow();
      expect((await signIn(attacker, fx, rita, PASSWORD)).status).toBe(303);
    });

    it('judges at most the budget of parallel guesses at one user', async () => {
      nextWindow();
      const victim = newName('par');
      await createUser(server(), fx.poolId, victim);
      const attacker = new FormBrowser('127.0.0.6');
      const page = await attacker.get(fx.loginUrl());
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => attacker.submit(page, 'cognitoSignInForm', { username: victim, password: `Wrong-${i}!` })),
      );
      // The attempt is counted before the password is judged, so parallel posts cannot all get through.
      expect(results.filter((r) => r.status === 200)).toHaveLength(3);
      expect(results.filter((r) => r.status === 429)).toHaveLength(17);
    });

    it('counts forgot-password posts even when they send a code', async () => {
      nextWindow();
      const user = newName('forgot');
      await createUser(server(), fx.poolId, user, [
        { Name: 'email', Value: `${user}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ]);
      const browser = new FormBrowser('127.0.0.7');
      const page = await browser.get(`${fx.base}/forgotPassword?${new URLSearchParams(fx.authorizeParams())}`);
      for (let i = 0; i < 3; i++) expect((await browser.submit(page, 'forgotPasswordForm', { username: user })).status).toBe(303);
      expectThrottled(await browser.submit(page, 'forgotPasswordForm', { username: user }));
    });

    it('stops a flood over many usernames from one address at the per-address ceiling', async () => {
      nextWindow();
      await createUser(server(), fx.poolId, 'flooded');
      const flooder = new FormBrowser('127.0.0.8');
      const page = await flooder.get(fx.loginUrl());
      for (let i = 0; i < 12; i++) {
        const res = await flooder.submit(page, 'cognitoSignInForm', { username: `guess${i}`, password: 'Wrong0rd!' });
        expect(res.status).toBe(200);
      }
      expectThrottled(await flooder.submit(page, 'cognitoSignInForm', { username: 'flooded', password: PASSWORD }));
      // A neighbour is not affected.
      expect((await signIn(new FormBrowser('127.0.0.9'), fx, 'flooded', PASSWORD)).status).toBe(303);
    });
  },
  { clock, uiRateLimit: { perUser: 3, perIp: 12 } },
);

if (engines().includes('postgres')) {
  describe('hosted UI throttle across two nodes on one PostgreSQL database', () => {
    const servers = nodesOnOneDatabase(2, { clock, uiRateLimit: { perUser: 3, perIp: 100 } });

    it('shares the counters: guesses on node A use up the budget on node B', async () => {
      nextWindow();
      const [a, b] = servers() as [TestServer, TestServer];
      const fx = await createUiFixture(a);
      const baseB = `${b.services.settings.publicUrl}/${fx.poolId}`;
      await createUser(a, fx.poolId, 'tess');
      const attacker = new FormBrowser('127.0.0.10');
      for (let i = 0; i < 3; i++) expect(errorsOf((await signIn(attacker, fx, 'tess', 'Wrong0rd!')).body)).toEqual(['Incorrect username or password.']);
      expectThrottled(await signIn(attacker, fx, 'tess', PASSWORD, baseB));
      expect((await signIn(new FormBrowser('127.0.0.11'), fx, 'tess', PASSWORD, baseB)).status).toBe(303);
    });
  });
}
