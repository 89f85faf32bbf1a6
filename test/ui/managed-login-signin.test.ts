import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CompleteWebAuthnRegistrationCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { UserPoolPolicyType } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type { Browser, Page as BrowserPage } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import * as tokensRepo from '../../src/store/tokens.js';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { forEachEngine, startTestServer } from '../helpers/server.js';
import type { Page } from './form-client.js';
import { errorsOf, FormBrowser, formsOf } from './form-client.js';
import type { UiFixture } from './fixture.js';
import { CALLBACK, callbackQuery, createUiFixture, createUser, exchangeCode, PASSWORD } from './fixture.js';
import { addVirtualAuthenticator } from '../helpers/virtual-authenticator.js';

/**
 * Choice-based sign-in on the managed login (version 2) pages, driven as a browser without
 * JavaScript: a name without a password leads to the choice of first factors, a code from the outbox
 * signs in, and the client gets an authorization code. The classic pages (version 1) offer none of it.
 */

const FACTORS: UserPoolPolicyType = { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } };
const SMS = { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } };
const CONTACT = [
  { Name: 'email', Value: 'alice@example.com' },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'phone_number', Value: '+15555550100' },
  { Name: 'phone_number_verified', Value: 'true' },
];

forEachEngine('choice-based sign-in on the managed login pages', (server) => {
  let v2: UiFixture;
  let v1: UiFixture;
  beforeAll(async () => {
    v2 = await createUiFixture(server(), { Policies: FACTORS, ...SMS });
    await server().cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: v2.poolId, Domain: v2.domain, ManagedLoginVersion: 2 }));
    await createUser(server(), v2.poolId, 'alice', CONTACT);
    await createUser(server(), v2.poolId, 'bob');
    v1 = await createUiFixture(server(), { Policies: FACTORS, ...SMS });
    await createUser(server(), v1.poolId, 'alice', CONTACT);
  });

  const lastCode = async (poolId: string, channel: 'EMAIL' | 'SMS') =>
    (await listOutbox(server().services, { poolId })).filter((m) => m.kind === 'mfa' && m.channel === channel).at(-1)!.code!;

  /** /login with the name alone: on to the choice page. */
  async function choicePage(browser: FormBrowser, loginUrl: string, username: string): Promise<Page> {
    const sent = await browser.submit(await browser.get(loginUrl), 'cognitoSignInForm', { username, password: '' });
    expect(sent.status).toBe(303);
    expect(new URL(sent.location!).pathname).toMatch(/\/selectChallenge$/);
    return browser.follow(sent);
  }

  const choicesOn = (page: Page) => [...page.body.matchAll(/<button type="submit" name="challenge" value="([A-Z_]+)"/g)].map((m) => m[1]);

  it('signs in with an e-mail code through the pages, ending in a code the token endpoint exchanges', async () => {
    const browser = new FormBrowser();
    const login = await browser.get(v2.loginUrl());
    expect(login.body).toContain('id="signInOptionsButton"');
    const choice = await choicePage(browser, v2.loginUrl(), 'alice');
    expect(choice.body).toContain('Signing in as <strong>alice</strong>');
    expect(choicesOn(choice)).toEqual(['EMAIL_OTP', 'SMS_OTP']);
    expect(formsOf(choice.body).map((f) => f.name)).toEqual(['passwordChallengeForm', 'selectChallengeForm']);

    const chosen = await browser.submit(choice, 'selectChallengeForm', { challenge: 'EMAIL_OTP' });
    expect(chosen.status).toBe(303);
    const codePage = await browser.follow(chosen);
    expect(codePage.url).toMatch(/\/passwordlessCode\?/);
    expect(codePage.body).toContain('by e-mail to a***@e***');
    const code = await lastCode(v2.poolId, 'EMAIL');
    expect(code).toMatch(/^\d{8}$/);

    const done = await browser.submit(codePage, 'passwordlessCodeForm', { code });
    expect(done.status).toBe(303);
    const query = callbackQuery(done.location);
    expect(query.get('state')).toBe('st-42');
    const tokens = await exchangeCode(v2, query.get('code')!);
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ 'cognito:username': 'alice', nonce: 'n-42' });
    // The sign-in is over: its pages send the browser back to /login.
    const after = await browser.get(`${v2.base}/passwordlessCode?${new URLSearchParams(v2.authorizeParams())}`);
    expect(after.status).toBe(302);
  });

  it("signs in with an SMS code on the domain's own host", async () => {
    const host = `${v2.domain}.auth.localhost`;
    const browser = new FormBrowser(undefined, host);
    const loginUrl = `${server().services.settings.publicUrl}/login?${new URLSearchParams(v2.authorizeParams())}`;
    const choice = await choicePage(browser, loginUrl, 'alice');
    const codePage = await browser.follow(await browser.submit(choice, 'selectChallengeForm', { challenge: 'SMS_OTP' }));
    expect(codePage.body).toContain('by text message to +*******0100');
    const code = await lastCode(v2.poolId, 'SMS');
    expect(code).toMatch(/^\d{6}$/);
    const done = await browser.submit(codePage, 'passwordlessCodeForm', { code });
    const tokens = await exchangeCode(v2, callbackQuery(done.location).get('code')!);
    expect(decodeJwt(tokens.body.access_token as string)).toMatchObject({ username: 'alice' });
  });

  it('refuses a wrong code on the same page, counting it toward the lockout, then takes the right one', async () => {
    const browser = new FormBrowser();
    const choice = await choicePage(browser, v2.loginUrl(), 'alice');
    const codePage = await browser.follow(await browser.submit(choice, 'selectChallengeForm', { challenge: 'EMAIL_OTP' }));
    const code = await lastCode(v2.poolId, 'EMAIL');
    const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
    const refused = await browser.submit(codePage, 'passwordlessCodeForm', { code: wrong });
    expect(refused.status).toBe(200);
    expect(errorsOf(refused.body)).toEqual(['Invalid code or auth state for the user.']);
    const state = await tokensRepo.findSignInState(server().services.store.db, v2.poolId, 'alice');
    expect(Number(state?.failed_attempts)).toBe(1);

    const done = await browser.submit(refused, 'passwordlessCodeForm', { code });
    expect(callbackQuery(done.location).get('code')).toBeTruthy();
    // A finished sign-in clears the count.
    expect((await tokensRepo.findSignInState(server().services.store.db, v2.poolId, 'alice'))?.failed_attempts ?? 0).toBe(0);
  });

  it('still signs in with a password, on the form and on the choice page', async () => {
    const browser = new FormBrowser();
    const direct = await browser.submit(await browser.get(v2.loginUrl()), 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
    expect(callbackQuery(direct.location).get('code')).toBeTruthy();

    const other = new FormBrowser();
    const choice = await choicePage(other, v2.loginUrl(), 'alice');
    const wrong = await other.submit(choice, 'passwordChallengeForm', { password: 'Wrong-passw0rd' });
    expect(errorsOf(wrong.body)).toEqual(['Incorrect username or password.']);
    const done = await other.submit(wrong, 'passwordChallengeForm', { password: PASSWORD });
    const tokens = await exchangeCode(v2, callbackQuery(done.location).get('code')!);
    expect(decodeJwt(tokens.body.id_token as string)['cognito:username']).toBe('alice');
  });

  it('offers a user only the factors they have, and an unknown name what a password-only user gets when the client hides unknown users', async () => {
    expect(choicesOn(await choicePage(new FormBrowser(), v2.loginUrl(), 'bob'))).toEqual([]);

    const unknown = new FormBrowser();
    const notFound = await unknown.submit(await unknown.get(v2.loginUrl()), 'cognitoSignInForm', { username: 'nobody', password: '' });
    expect(errorsOf(notFound.body)).toEqual(['User does not exist.']);

    await server().cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: v2.poolId,
        ClientId: v2.clientId,
        PreventUserExistenceErrors: 'ENABLED',
        SupportedIdentityProviders: ['COGNITO'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code', 'implicit'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [CALLBACK],
      }),
    );
    const forms = (page: Page) => formsOf(page.body).map((f) => [f.name, Object.keys(f.fields)]);
    const bob = await choicePage(new FormBrowser(), v2.loginUrl(), 'bob');
    const nobody = await choicePage(unknown, v2.loginUrl(), 'nobody');
    expect(forms(nobody)).toEqual(forms(bob));
    const refused = await unknown.submit(nobody, 'passwordChallengeForm', { password: PASSWORD });
    expect(errorsOf(refused.body)).toEqual(['Incorrect username or password.']);
    // A passwordless factor the menu did not offer fails the same way.
    const forged = await unknown.request(new URL(formsOf(nobody.body)[0]!.action, nobody.url).toString(), {
      method: 'POST',
      form: { _csrf: formsOf(nobody.body)[0]!.fields._csrf!, challenge: 'EMAIL_OTP' },
    });
    expect(errorsOf(forged.body)).toEqual(['Incorrect username or password.']);
  });

  it('offers no choice on a classic (version 1) domain', async () => {
    const browser = new FormBrowser();
    const login = await browser.get(v1.loginUrl());
    expect(login.body).not.toContain('signInOptions');
    expect(Object.keys(formsOf(login.body).find((f) => f.name === 'cognitoSignInForm')!.fields)).toEqual(['_csrf', 'cognitoAsfData', 'username', 'password']);
    const refused = await browser.submit(login, 'cognitoSignInForm', { username: 'alice', password: '' });
    expect(errorsOf(refused.body)).toEqual(['Please enter your username and password.']);
    const elsewhere = await browser.get(`${v1.base}/selectChallenge?${new URLSearchParams(v1.authorizeParams())}`);
    expect(elsewhere.status).toBe(302);
    expect(new URL(elsewhere.location!).pathname).toBe(`/${v1.poolId}/login`);
  });
});

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the managed login passkey test is skipped.`);
const ARTIFACTS = new URL('../../test-artifacts/managed-login/', import.meta.url);

/**
 * The passkey page in Chromium: the virtual authenticator (DevTools protocol, WebAuthn domain) holds a
 * passkey registered through the API; the page's script asks it with the engine's options and posts
 * the assertion, and the browser arrives at the client with a code. The pages live on
 * http://localhost, the pool's relying party.
 */
describe.skipIf(!browserAvailable)('the managed login passkey page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: BrowserPage;
  let fx: UiFixture;
  // The client app: a real page on localhost. (A Playwright route would not see the sign-in's redirect
  // to it, which it documents: a route's handler runs for the first URL of a redirect chain only.)
  let site: Server;
  let app: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    app = `http://localhost:${(site.address() as AddressInfo).port}/callback`;
    server = await startTestServer('sqlite');
    fx = await createUiFixture(
      server,
      { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } } },
      { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], CallbackURLs: [CALLBACK, app] },
    );
    await server.cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: fx.poolId, Domain: fx.domain, ManagedLoginVersion: 2 }));
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: fx.poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }),
    );
    await createUser(server, fx.poolId, 'pia', CONTACT.slice(0, 2));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext();
    page = await context.newPage();
    await addVirtualAuthenticator(context, page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  /** A passkey for pia, made by the virtual authenticator on a page of the pool's origin and registered through the API. */
  async function registerPasskey(): Promise<void> {
    const signedIn = await server.cognito.send(new InitiateAuthCommand({ ClientId: fx.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'pia', PASSWORD } }));
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;
    const { CredentialCreationOptions: creation } = await server.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    await page.goto(fx.loginUrl());
    const registration = await page.evaluate(async (json) => {
      const credential = (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(json)) })) as PublicKeyCredential;
      return JSON.stringify(credential.toJSON());
    }, JSON.stringify(creation));
    await server.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: JSON.parse(registration) as never }));
  }

  it('signs in with a passkey from the choice page and arrives at the client with a code', async () => {
    await registerPasskey();
    await page.goto(fx.loginUrl({ redirect_uri: app }));
    await page.fill('#signInFormUsername', 'pia');
    await page.click('#signInOptionsButton');
    await page.waitForURL((url) => url.pathname.endsWith('/selectChallenge'));
    expect(await page.locator('button[name="challenge"]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLButtonElement).value))).toEqual(['EMAIL_OTP', 'WEB_AUTHN']);
    await page.screenshot({ path: new URL('choice.png', ARTIFACTS).pathname, fullPage: true });

    await page.click('button[value="WEB_AUTHN"]');
    await page.waitForURL((url) => url.pathname.endsWith('/passkeySignIn'));
    await page.screenshot({ path: new URL('passkey.png', ARTIFACTS).pathname, fullPage: true });
    await page.click('#passkeyButton');
    await page.waitForURL((url) => url.href.startsWith(`${app}?`));

    const query = new URL(page.url()).searchParams;
    expect(query.get('state')).toBe('st-42');
    const tokens = await exchangeCode(fx, query.get('code')!, app);
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ 'cognito:username': 'pia', nonce: 'n-42' });
  });
});
