import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runGrant, startLoopbackReceiver } from '../../src/client/index.js';
import { verifier } from '../../src/verify/index.js';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { DEMO, freeLoopbackCallback, seeded } from './helpers.js';

describe('the loopback redirect receiver (RFC 8252)', () => {
  it('listens on 127.0.0.1 on a free port, keeping the registered path', async () => {
    const receiver = await startLoopbackReceiver({ redirectUri: 'http://127.0.0.1/callback' });
    try {
      expect(receiver.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d{2,5}\/callback$/);
      expect((await fetch(receiver.redirectUri.replace('/callback', '/favicon.ico'))).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it('ignores a redirect with another state and takes the right one; later ones are told it is over', async () => {
    const receiver = await startLoopbackReceiver();
    try {
      const answer = receiver.wait({ state: 'expected', timeoutMs: 10_000 });
      const forged = await fetch(`${receiver.redirectUri}?code=attacker&state=other`);
      expect(forged.status).toBe(400);
      expect(await forged.text()).toContain('does not match');
      const good = await fetch(`${receiver.redirectUri}?code=abc&state=expected`);
      expect(await good.text()).toContain('You can close this window');
      expect((await answer).get('code')).toBe('abc');
      expect((await fetch(`${receiver.redirectUri}?code=again&state=expected`)).status).toBe(409);
    } finally {
      await receiver.close();
    }
  });

  it('serves a page that posts an implicit fragment back, under a CSP that allows only its own script', async () => {
    const receiver = await startLoopbackReceiver();
    try {
      const page = await fetch(receiver.redirectUri);
      const csp = page.headers.get('content-security-policy')!;
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
      expect(await page.text()).toContain(`<script nonce="${nonce}">`);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const answer = receiver.wait({ state: 's', timeoutMs: 10_000 });
      await fetch(receiver.redirectUri, { method: 'POST', body: 'access_token=tok&token_type=Bearer&state=s', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect((await answer).get('access_token')).toBe('tok');
    } finally {
      await receiver.close();
    }
  });

  it('turns error=access_denied into a denial and other errors into OAuth errors', async () => {
    for (const [error, kind] of [
      ['access_denied', 'denied'],
      ['server_error', 'oauth'],
    ]) {
      const receiver = await startLoopbackReceiver();
      const answer = expect(receiver.wait({ state: 's', timeoutMs: 10_000 })).rejects.toMatchObject({ kind, code: error });
      await fetch(`${receiver.redirectUri}?error=${error}&state=s`);
      await answer;
      await receiver.close();
    }
  });
});

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the token client's browser test is skipped.`);

describe.skipIf(!browserAvailable)('interactive sign-in in a real browser (Chromium), through the loopback receiver', () => {
  let server: TestServer;
  let browser: Browser;
  let issuer: string;
  let implicitClientId: string;
  let implicitCallback: string;
  beforeAll(async () => {
    // No PKCE in the implicit grant: the loopback callback is registered with its port (RFC 8252's any-port rule needs PKCE).
    implicitCallback = await freeLoopbackCallback();
    server = await startTestServer('sqlite', seeded);
    issuer = `${server.services.settings.publicUrl}/${DEMO.poolId}`;
    implicitClientId = (
      await server.cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: DEMO.poolId,
          ClientName: 'spa',
          SupportedIdentityProviders: ['COGNITO'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['implicit'],
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [implicitCallback],
        }),
      )
    ).UserPoolClient!.ClientId!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The "system browser": opens the address, and the person signs in on the hosted page. */
  const person = (pages: Page[]) => async (url: string) => {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    await page.goto(url);
    await page.fill('#signInFormUsername', DEMO.username);
    await page.fill('#signInFormPassword', DEMO.password);
    await page.click('#signInSubmitButton');
  };

  it('gets tokens with the authorization code grant and PKCE', async () => {
    const pages: Page[] = [];
    const { response } = await runGrant({ grant: 'authorization_code', issuer, clientId: DEMO.publicClientId, scope: 'openid' }, { headless: false, interactive: { openBrowser: person(pages) } });
    expect((await verifier({ issuer }).verify(response.access_token)).subject).toBe('demo');
    await pages[0]!.waitForFunction("document.title === 'Signed in'");
  });

  it('gets tokens with the implicit grant: the page’s script posts the fragment back', async () => {
    const pages: Page[] = [];
    const { response } = await runGrant({ grant: 'implicit', issuer, clientId: implicitClientId, redirectUri: implicitCallback, scope: 'openid' }, { headless: false, interactive: { openBrowser: person(pages) } });
    expect((await verifier({ issuer, clientId: implicitClientId }).verify(response.access_token)).subject).toBe('demo');
    await pages[0]!.waitForFunction("document.getElementById('message').textContent.includes('You are signed in')");
    expect(new URL(pages[0]!.url()).hash).toBe(''); // the tokens are wiped from the address bar
  });
});
