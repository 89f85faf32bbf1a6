import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { addOidcProvider, createAppClient, createPool, createProviderPool, PASSWORD, poolBase } from './fixture.js';

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the federation browser test is skipped.`);

/** A federated sign-in in a real browser: the app pool sends Chromium to the provider pool's hosted form and back. */
describe.skipIf(!browserAvailable)('federation in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let app: Server;
  let appOrigin: string;
  const callbacks: string[] = [];

  beforeAll(async () => {
    app = createServer((req, res) => {
      if (req.url !== '/favicon.ico') callbacks.push(`${appOrigin}${req.url}`);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>back at the app</p>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    server = await startTestServer('sqlite');
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

  it('signs in through the provider pool and lands on the app with a code for the federated user', async () => {
    const appPool = await createPool(server);
    const idp = await createProviderPool(server, [`${poolBase(server, appPool)}/oauth2/idpresponse`], 'frank');
    await addOidcProvider(server, appPool, { name: 'Upstream', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
    const callback = `${appOrigin}/callback`;
    const clientId = await createAppClient(server, appPool, ['Upstream'], { CallbackURLs: [callback], AllowedOAuthFlows: ['code'] });

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'openid email', state: 'browser-state', identity_provider: 'Upstream' });
    await page.goto(`${poolBase(server, appPool)}/oauth2/authorize?${params}`);
    // The provider pool's own sign-in page.
    expect(new URL(page.url()).pathname).toBe(`/${idp.poolId}/login`);
    await page.fill('#signInFormUsername', 'frank');
    await page.fill('#signInFormPassword', PASSWORD);
    await page.click('#signInSubmitButton');
    await page.waitForURL((url) => url.origin === appOrigin);

    const back = new URL(callbacks.at(-1)!);
    expect(back.searchParams.get('state')).toBe('browser-state');
    const res = await fetch(`${poolBase(server, appPool)}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: back.searchParams.get('code')!, redirect_uri: callback }),
    });
    expect(res.status).toBe(200);
    const { id_token } = (await res.json()) as { id_token: string };
    expect(decodeJwt(id_token)['cognito:username']).toBe(`Upstream_${idp.sub}`);

    // The app pool's SSO cookie is in the browser: another client of the app pool gets a code without any page.
    const other = await createAppClient(server, appPool, ['COGNITO', 'Upstream'], { CallbackURLs: [callback], AllowedOAuthFlows: ['code'] });
    await page.goto(`${poolBase(server, appPool)}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: other, redirect_uri: callback, scope: 'openid', state: 'sso' })}`);
    expect(new URL(callbacks.at(-1)!).searchParams.get('state')).toBe('sso');
    expect(new URL(callbacks.at(-1)!).searchParams.get('code')).toBeTruthy();
    await context.close();
  });
});
