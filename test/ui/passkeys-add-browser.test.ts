import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, serious } from '../console/browser.js';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import type { UiFixture } from './fixture.js';
import { CALLBACK, createUiFixture, createUser, PASSWORD } from './fixture.js';
import { addVirtualAuthenticator } from '../helpers/virtual-authenticator.js';

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the managed login passkey browser test is skipped.`);

const ARTIFACTS = new URL('../../test-artifacts/managed-login/', import.meta.url);
const screenshot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });

/**
 * Managed login (version 2) in Chromium: the branded pages under the real CSP, and passkey enrolment
 * after sign-in at /passkeys/add with the virtual authenticator (DevTools WebAuthn domain). The pages
 * are on http://localhost, the pool's relying party; the client app is a small local server.
 */
describe.skipIf(!browserAvailable)('managed login and /passkeys/add in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let fx: UiFixture;
  let site: Server;
  let app: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    app = `http://localhost:${(site.address() as AddressInfo).port}/callback`;
    server = await startTestServer('sqlite');
    const cognito = server.cognito;
    fx = await createUiFixture(
      server,
      { PoolName: 'Northwind', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
      { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], CallbackURLs: [CALLBACK, app] },
    );
    await cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: fx.poolId, Domain: fx.domain, ManagedLoginVersion: 2 }));
    await cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: fx.poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }),
    );
    await cognito.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: fx.poolId,
        ClientId: fx.clientId,
        Settings: {
          components: {
            primaryButton: { lightMode: { defaults: { backgroundColor: '6b21a8ff', textColor: 'ffffffff' } } },
            pageBackground: { lightMode: { color: 'f5f0ffff' } },
          },
        } as never,
      }),
    );
    for (const [TermsName, link] of [
      ['terms-of-use', 'https://app.example/terms'],
      ['privacy-policy', 'https://app.example/privacy'],
    ] as const) {
      await cognito.send(new CreateTermsCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId, TermsName, TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': link } }));
    }
    await createUser(server, fx.poolId, 'pia', [{ Name: 'email', Value: 'pia@example.com' }]);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await addVirtualAuthenticator(context, page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('draws sign-up with the branding and the terms sentence under the CSP', async () => {
    await page.goto(fx.loginUrl().replace('/login?', '/signup?'));
    await expect(page.locator('html').getAttribute('data-managed-login-version')).resolves.toBe('2');
    await expect(page.locator('.terms').textContent()).resolves.toBe('By signing up, you agree to our Terms of Use and Privacy Policy.');
    expect(await page.locator('button[name="signUpButton"]').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(107, 33, 168)');
    expect(serious(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'sign-up-with-terms');
  });

  it('signs in first, adds a passkey at /passkeys/add, returns to the app, and the passkey signs in', async () => {
    const add = `${fx.base}/passkeys/add?${new URLSearchParams({ client_id: fx.clientId, redirect_uri: app })}`;
    await page.goto(add);
    // No session yet: the managed login sign-in page, with the same client and redirect URI.
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/login`);
    expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(app);
    expect(await page.locator('#signInSubmitButton').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(107, 33, 168)');
    await screenshot(page, 'login');
    await page.fill('#signInFormUsername', 'pia');
    await page.fill('#signInFormPassword', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/passkeys/add')), page.click('#signInSubmitButton')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Add a passkey');
    expect(serious(await axeViolations(page))).toEqual([]);
    await screenshot(page, 'passkeys-add');
    await Promise.all([page.waitForURL((url) => url.href === app), page.click('#passkeyAddButton')]);

    const cognito = server.cognito;
    const signedIn = await cognito.send(
      new InitiateAuthCommand({ ClientId: fx.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pia', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD } }),
    );
    const { Credentials } = await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: signedIn.AuthenticationResult!.AccessToken! }));
    expect(Credentials).toHaveLength(1);
    expect(Credentials![0]!.RelyingPartyId).toBe('localhost');

    // The passkey answers a USER_AUTH WEB_AUTHN sign-in, from a page of the relying party.
    await page.goto(fx.loginUrl());
    const started = await cognito.send(new InitiateAuthCommand({ ClientId: fx.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pia', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
    expect(started.ChallengeName).toBe('WEB_AUTHN');
    const assertion = await page.evaluate(async (json) => {
      const credential = (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(json)) })) as PublicKeyCredential;
      return JSON.stringify(credential.toJSON());
    }, started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: fx.clientId, ChallengeName: 'WEB_AUTHN', Session: started.Session, ChallengeResponses: { USERNAME: 'pia', CREDENTIAL: assertion } }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    expect(cspViolations).toEqual([]);
  });

  it('goes straight to the passkey page when the browser already has a session', async () => {
    const add = `${fx.base}/passkeys/add?${new URLSearchParams({ client_id: fx.clientId, redirect_uri: app })}`;
    await page.goto(add);
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/passkeys/add`);
    // The authenticator already holds this user's passkey: the ceremony refuses it, and the page says so.
    await page.click('#passkeyAddButton');
    await page.locator('#passkeyStatus').waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toBe(`/${fx.poolId}/passkeys/add`);
  });
});
