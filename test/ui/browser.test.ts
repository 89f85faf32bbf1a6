import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import type { UiFixture } from './fixture.js';
import { createUiFixture, createUser, exchangeCode, lastCode, PASSWORD } from './fixture.js';

const STEP_MS = 30_000;
const clock = new ManualClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000);
const appCode = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now() + steps * STEP_MS });

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the hosted UI browser test is skipped.`);

/** The hosted UI in a real browser (Debian's Chromium, headless, no JavaScript needed by the pages). */
describe.skipIf(!browserAvailable)('the hosted UI in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let app: Server;
  let fx: UiFixture;
  let mfaFx: UiFixture;
  /** The client app: a loopback server that records every request the browser brings back to it. */
  const callbacks: string[] = [];
  let appOrigin: string;
  const callback = () => `${appOrigin}/callback`;

  beforeAll(async () => {
    app = createServer((req, res) => {
      if (req.url !== '/favicon.ico') callbacks.push(`${appOrigin}${req.url}`);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>back at the app</p>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    server = await startTestServer('sqlite', { clock });
    const client = { CallbackURLs: [callback()], LogoutURLs: [`${appOrigin}/signed-out`] };
    fx = await createUiFixture(server, { AutoVerifiedAttributes: ['email'] }, client);
    mfaFx = await createUiFixture(server, {}, client);
    await server.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaFx.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await createUser(server, fx.poolId, 'alice', [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    await createUser(server, mfaFx.poolId, 'tess');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => app?.close(resolve));
  });

  /** A fresh browser profile (no cookies); the pages need no JavaScript, so it is off. */
  async function session(): Promise<{ context: BrowserContext; page: Page }> {
    callbacks.length = 0;
    const context = await browser.newContext({ javaScriptEnabled: false });
    return { context, page: await context.newPage() };
  }

  const params = (f: UiFixture, extra: Record<string, string> = {}) => new URLSearchParams(f.authorizeParams({ redirect_uri: callback(), ...extra }));
  const loginUrl = (f: UiFixture) => `${f.base}/login?${params(f)}`;
  const atApp = (page: Page) => page.waitForURL((url) => url.origin === appOrigin);

  const signIn = async (page: Page, username: string, password: string) => {
    await page.fill('#signInFormUsername', username);
    await page.fill('#signInFormPassword', password);
    await page.click('#signInSubmitButton');
  };

  const codeOf = (callbacks: string[]) => new URL(callbacks.at(-1)!).searchParams.get('code')!;

  it('signs in through the form, lands on the client with a code the token endpoint takes, and signs out', async () => {
    const { context, page } = await session();
    await page.goto(`${fx.base}/oauth2/authorize?${params(fx)}`);
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/login`);
    expect(await page.title()).toBe('Sign in');
    await page.screenshot({ path: '/tmp/hosted-ui-sign-in.png', fullPage: true });

    await signIn(page, 'alice', 'Wrong0rd!');
    expect(await page.textContent('.error')).toBe('Incorrect username or password.');
    await signIn(page, 'alice', PASSWORD);
    await atApp(page);
    expect(callbacks).toHaveLength(1);
    expect((await exchangeCode(fx, codeOf(callbacks), callback())).status).toBe(200);

    // Signed in: the next authorization needs no form.
    await page.goto(`${fx.base}/oauth2/authorize?${params(fx, { state: 'sso' })}`);
    expect(new URL(callbacks.at(-1)!).searchParams.get('state')).toBe('sso');

    await page.goto(`${fx.base}/logout?${new URLSearchParams({ client_id: fx.clientId, logout_uri: `${appOrigin}/signed-out` })}`);
    expect(callbacks.at(-1)).toBe(`${appOrigin}/signed-out`);
    await page.goto(`${fx.base}/oauth2/authorize?${params(fx)}`);
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/login`);
    await context.close();
  });

  it('signs up and confirms with the code from the outbox, going straight on to the client', async () => {
    const { context, page } = await session();
    await page.goto(loginUrl(fx));
    await page.click('text=Sign up');
    await page.fill('input[name=username]', 'uma');
    await page.fill('input[name="requiredAttributes[email]"]', 'uma@example.com');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[name=signUpButton]');
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/confirm`);
    await page.fill('input[name=code]', await lastCode(server, fx.poolId, 'uma'));
    await page.click('button[name=confirmButton]');
    await atApp(page);
    expect((await exchangeCode(fx, codeOf(callbacks), callback())).status).toBe(200);
    expect(callbacks).toHaveLength(1);
    await context.close();
  });

  it('resets a forgotten password and signs in with the new one', async () => {
    const { context, page } = await session();
    await page.goto(loginUrl(fx));
    await page.click('text=Forgot your password?');
    await page.fill('input[name=username]', 'alice');
    await page.click('button[name=forgotPasswordButton]');
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/confirmforgotPassword`);
    await page.fill('input[name=code]', await lastCode(server, fx.poolId, 'alice'));
    await page.fill('input[name=password]', 'N3w-passw0rd!');
    await page.fill('input[name=confirmPassword]', 'N3w-passw0rd!');
    await page.click('button[name=resetPasswordButton]');
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/login`);
    await signIn(page, 'alice', 'N3w-passw0rd!');
    await atApp(page);
    expect(callbacks).toHaveLength(1);
    await context.close();
  });

  it('enrols an authenticator from the QR page, then signs in with its codes', async () => {
    const first = await session();
    await first.page.goto(loginUrl(mfaFx));
    await signIn(first.page, 'tess', PASSWORD);
    expect(new URL(first.page.url()).pathname).toBe(`/${mfaFx.poolId}/mfaSetup`);
    expect(await first.page.locator('.qr svg').count()).toBe(1);
    const secret = (await first.page.getAttribute('[data-secret]', 'data-secret'))!;
    await first.page.fill('input[name=code]', appCode(secret));
    await first.page.fill('input[name=deviceName]', 'Laptop');
    await first.page.click('button[name=mfaSetupSubmitButton]');
    await atApp(first.page);
    await first.context.close();

    const second = await session();
    await second.page.goto(loginUrl(mfaFx));
    await signIn(second.page, 'tess', PASSWORD);
    expect(new URL(second.page.url()).pathname).toBe(`/${mfaFx.poolId}/mfa`);
    await second.page.fill('input[name=code]', appCode(secret, 1));
    await second.page.click('button[name=mfaSubmitButton]');
    await atApp(second.page);
    expect((await exchangeCode(mfaFx, codeOf(callbacks), callback())).status).toBe(200);
    await second.context.close();
  });
});
