import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateIdentityProviderCommand, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import type { UiFixture } from '../ui/fixture.js';
import { createUiFixture, exchangeCode } from '../ui/fixture.js';

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the stand-in browser test is skipped.`);

/** The sign-in page's provider buttons and the social stand-in's page, in a real browser. */
describe.skipIf(!browserAvailable)('the social stand-in in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let app: Server;
  let fx: UiFixture;
  let appOrigin: string;
  const callbacks: URL[] = [];
  const callback = () => `${appOrigin}/callback`;

  beforeAll(async () => {
    app = createServer((req, res) => {
      if (req.url !== '/favicon.ico') callbacks.push(new URL(req.url!, appOrigin));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>back at the app</p>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    server = await startTestServer('sqlite');
    fx = await createUiFixture(server, {}, { CallbackURLs: [callback()] });
    await server.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: fx.poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'g', client_secret: 'gs', authorize_scopes: 'openid email profile' },
        AttributeMapping: { email: 'email', name: 'name' },
      }),
    );
    await server.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: fx.poolId,
        ProviderName: 'SignInWithApple',
        ProviderType: 'SignInWithApple',
        ProviderDetails: { client_id: 'com.example', team_id: 'TEAM123456', key_id: 'KEY1234567', private_key: 'x', authorize_scopes: 'email name' },
        AttributeMapping: { email: 'email' },
      }),
    );
    await server.cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: fx.poolId,
        ClientId: fx.clientId,
        SupportedIdentityProviders: ['COGNITO', 'Google', 'SignInWithApple'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [callback()],
      }),
    );
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

  const usernameOf = async (code: string) => {
    const { status, body } = await exchangeCode(fx, code, callback());
    expect(status).toBe(200);
    return decodeJwt(String(body.id_token))['cognito:username'];
  };

  it('signs in with Google: the button, the stand-in page typed in, back at the app with a code; then the identity is offered again', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fx.loginUrl({ redirect_uri: callback() }));
    await page.getByRole('link', { name: 'Sign in with Google' }).click();
    await page.waitForURL(/\/_cognate\/social\/Google\/authorize/);
    expect(await page.locator('h1').textContent()).toBe('Google');
    await page.fill('input[name=sub]', 'browser-1');
    await page.fill('input[name=email]', 'browser1@example.com');
    await page.fill('input[name=name]', 'Browser One');
    callbacks.length = 0;
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${callback()}?**`);
    expect(callbacks[0]?.searchParams.get('state')).toBe('st-42');
    expect(await usernameOf(callbacks[0]!.searchParams.get('code')!)).toBe('Google_browser-1');
    await context.close();

    const again = await browser.newContext({ javaScriptEnabled: false });
    const second = await again.newPage();
    await second.goto(fx.loginUrl({ redirect_uri: callback() }));
    await second.getByRole('link', { name: 'Sign in with Google' }).click();
    callbacks.length = 0;
    await second.getByRole('button', { name: /Browser One/ }).click();
    await second.waitForURL(`${callback()}?**`);
    expect(await usernameOf(callbacks[0]!.searchParams.get('code')!)).toBe('Google_browser-1');
    await again.close();
  }, 120_000);

  it('signs in with Apple, whose form_post answer the page submits by itself (its script allowed by nonce)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(fx.loginUrl({ redirect_uri: callback() }));
    await page.getByRole('link', { name: 'Sign in with Apple' }).click();
    await page.fill('input[name=sub]', '000555.browser.0001');
    await page.fill('input[name=email]', 'apple-browser@example.com');
    callbacks.length = 0;
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${callback()}?**`);
    expect(await usernameOf(callbacks[0]!.searchParams.get('code')!)).toBe('SignInWithApple_000555.browser.0001');
    await context.close();
  }, 120_000);
});
