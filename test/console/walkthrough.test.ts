import {
  AdminCreateUserCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  GetUICustomizationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { axeViolations, launch, screenshot, serious } from './browser.js';

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the console browser test is skipped.`);

/**
 * The walkthrough, through the console alone, in a real browser: create a pool, a user, a Cognito
 * domain and the walkthrough's public app client; open "Try it"; sign in through the hosted UI; see
 * the tokens. Every main page is also checked with axe-core and kept as a screenshot.
 */
describe.skipIf(!browserAvailable)('the admin console walkthrough in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const pages: string[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    base = server.services.settings.publicUrl;
    browser = await launch();
    context = await browser.newContext();
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Screenshot, and axe-core must find nothing serious or critical. */
  async function check(name: string) {
    pages.push(name);
    await screenshot(page, name);
    const found = serious(await axeViolations(page));
    expect(found.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`), name).toEqual([]);
  }

  const heading = () => page.locator('h1').innerText();
  const submit = (label: string) => Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: label, exact: true }).click()]);

  it('walks from the start page to signed-in tokens', { timeout: 400_000 }, async () => {
    await page.goto(`${base}/`);
    expect(await heading()).toBe('Cognate');
    await check('01-start');
    await Promise.all([page.waitForURL(`${base}/console`), page.getByRole('link', { name: 'Open the console' }).click()]);
    await check('02-pools');

    // Create a pool with the defaults the console proposes.
    await Promise.all([page.waitForURL(`${base}/console/pools/new`), page.getByRole('link', { name: 'Create user pool' }).click()]);
    expect(await page.getByLabel('Password minimum length').inputValue()).toBe('8');
    await check('03-create-pool');
    await page.getByLabel('User pool name').fill('walkthrough');
    await submit('Create user pool');
    expect(await heading()).toBe('walkthrough');
    const poolId = await page.locator('dd code').first().innerText();
    expect(poolId).toMatch(/^us-east-1_\w+$/);
    await expect(page.getByRole('status').innerText()).resolves.toContain('Created the user pool walkthrough');
    await check('04-pool-overview');

    // A user, with a temporary password and no invitation.
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'Create user' }).click();
    await check('05-create-user');
    await page.getByLabel('User name', { exact: true }).fill('alice');
    await page.getByLabel('Email address', { exact: true }).fill('alice@example.com');
    await page.getByLabel('Temporary password').fill('Temp0rary!pass');
    await submit('Create user');
    expect(await heading()).toBe('User: alice');
    expect(await page.locator('dl.props').innerText()).toContain('FORCE_CHANGE_PASSWORD');
    await check('06-user');

    // App integration: the Cognito domain, then the walkthrough's app client.
    await page.getByRole('link', { name: 'App integration' }).click();
    await page.getByLabel('Domain', { exact: true }).fill('walkthrough-demo');
    await submit('Create domain');
    expect(await page.locator('section', { hasText: 'Cognito domain' }).first().innerText()).toContain('walkthrough-demo.auth.us-east-1.amazoncognito.com');
    await check('07-app-integration');
    await page.getByRole('link', { name: 'Create app client' }).click();
    await check('08-create-client');
    // The walkthrough's settings: public client, no secret, Cognito user pool, authorization code grant.
    expect(await page.getByLabel('Public client (a browser or mobile app: no client secret)').isChecked()).toBe(true);
    expect(await page.getByLabel('Cognito user pool').isChecked()).toBe(true);
    expect(await page.getByLabel('Authorization code grant').isChecked()).toBe(true);
    await page.getByLabel('App client name').fill('Postman');
    await submit('Create app client');
    expect(await heading()).toBe('App client: Postman');
    const clientId = await page.locator('dd .copy code').first().innerText();
    expect(clientId).toMatch(/^[a-z0-9]{26}$/);
    await check('09-client');

    // Try it: Postman's settings in the walkthrough's words, then the hosted UI.
    await Promise.all([page.waitForURL(/\/try$/), page.getByRole('link', { name: 'Try it' }).click()]);
    const settings = await page.locator('section', { hasText: 'Postman: Collection > Authorization tab' }).innerText();
    expect(settings).toContain('Authorization Code');
    expect(settings).toContain(`http://walkthrough-demo.auth.localhost:${server.port}/login`);
    expect(settings).toContain(`http://walkthrough-demo.auth.localhost:${server.port}/oauth2/token`);
    expect(settings).toContain(clientId);
    expect(settings).toContain('Send client credentials in body');
    expect(await page.locator('body').innerText()).toContain(`cognate token --endpoint ${base} --pool ${poolId} --client-id ${clientId}`);
    await check('10-try-it');
    const collection = await page.request.get(await page.getByRole('link', { name: 'Download the collection' }).getAttribute('href').then((h) => `${base}${h}`));
    expect((await collection.json()).info.name).toContain(poolId);

    await Promise.all([page.waitForURL((url) => url.pathname === `/${poolId}/login`), page.getByRole('link', { name: 'Sign in through the hosted UI' }).click()]);
    await page.fill('#signInFormUsername', 'alice');
    await page.fill('#signInFormPassword', 'Temp0rary!pass');
    await Promise.all([page.waitForEvent('load'), page.click('#signInSubmitButton')]);
    // The temporary password must be changed first, as Cognito's hosted UI asks.
    await page.getByLabel('New password', { exact: true }).fill('N3w!passw0rd');
    await page.getByLabel('Enter new password again').fill('N3w!passw0rd');
    await Promise.all([page.waitForURL((url) => url.pathname === '/console/callback'), page.getByRole('button', { name: 'Send' }).click()]);
    expect(await heading()).toBe('Signed in: the tokens');
    const id = await page.locator('[data-token="ID token"]').innerText();
    expect(id).toContain('Verified');
    expect(id).toContain('alice@example.com');
    expect(id).toMatch(/cognito:username\s+alice/);
    expect(id).toMatch(/exp\s+\d+ .*\(in (59|60) minutes\)/);
    const access = await page.locator('[data-token="Access token"]').innerText();
    expect(access).toContain(clientId);
    expect(access).toContain('openid');
    await check('11-tokens');
  });

  it('previews the hosted UI CSS live while it is typed, and saves it', { timeout: 120_000 }, async () => {
    const poolId = (await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'branded' }))).UserPool!.Id!;
    // Cognito keeps UI customization for pools with a domain only.
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'branded-pool' }));
    await page.goto(`${base}/console/pools/${poolId}/app/ui`);
    const css = '.submitButton-customizable { background: rgb(1, 2, 3); }';
    const [frame] = await Promise.all([
      page.waitForEvent('framenavigated', (f) => f.url().includes('css=')),
      page.getByLabel('CSS for the hosted UI (all app clients)').fill(css),
    ]);
    await frame.waitForLoadState('load');
    expect(await frame.locator('.submitButton-customizable').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(1, 2, 3)');
    await check('12-ui-customization');
    // A chosen logo shows in the preview before it is sent, and on the hosted pages once saved.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.getByLabel('Logo image').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    // The script's FileReader puts the file in the preview as a data: URL; the locator waits for it.
    await page.frameLocator('#preview').locator('img.logo-customizable[src^="data:image/png;base64,"]').waitFor({ state: 'visible' });
    await submit('Save');
    expect(await page.getByRole('status').innerText()).toContain('Saved the hosted UI CSS and logo.');
    const saved = await server.cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }));
    expect(saved.UICustomization?.CSS).toBe(css);
    expect(saved.UICustomization?.ImageUrl).toContain(`/${poolId}/ui/logo/ALL?v=`);
    await check('12b-ui-customization-logo');
    const framed = page.frameLocator('#preview').locator('img.logo-customizable');
    expect(await framed.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(1);

    // The hosted sign-in page, on the pool's domain, shows the logo.
    const clientId = (
      await server.cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'], SupportedIdentityProviders: ['COGNITO'] }),
      )
    ).UserPoolClient!.ClientId!;
    const domain = `http://branded-pool.auth.localhost:${server.port}`;
    await page.goto(`${domain}/login?client_id=${clientId}&response_type=code&redirect_uri=${encodeURIComponent('https://app.example.com/cb')}`);
    const hostedLogo = page.locator('img.logo-customizable');
    expect(await hostedLogo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(1);
    await check('12c-hosted-login-logo');
  });

  it("a pool domain's start page, the start page and the console pass the axe-core check", { timeout: 120_000 }, async () => {
    const poolId = (await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'domain-root' }))).UserPool!.Id!;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'domain-root' }));
    const domainRoot = await page.goto(`http://domain-root.auth.localhost:${server.port}/`);
    expect(domainRoot?.status()).toBe(200);
    expect(await heading()).toBe('Hosted UI of domain-root');
    await check('23-domain-root');
    for (const [name, path] of [['24-start', '/'], ['25-pools', '/console'], ['26-create-pool', '/console/pools/new']] as const) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      await check(name);
    }
    expect(await page.getByLabel('AWS Region').inputValue()).toBe(server.services.settings.region);
  });

  it('every other main page passes the axe-core check', { timeout: 300_000 }, async () => {
    const poolId = (await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'sweep' }))).UserPool!.Id!;
    await server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 1 }));
    await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bob', UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }));
    const pages: [string, string][] = [
      ['14-users', `/console/pools/${poolId}/users`],
      ['15-groups', `/console/pools/${poolId}/groups`],
      ['16-group', `/console/pools/${poolId}/groups/admins`],
      ['17-settings', `/console/pools/${poolId}/edit`],
      ['18-keys', `/console/pools/${poolId}/keys`],
      ['19-pool-outbox', `/console/pools/${poolId}/outbox`],
      ['20-invocations', `/console/pools/${poolId}/invocations`],
      ['21-outbox', '/console/outbox'],
      ['22-inspector', '/console/inspect'],
    ];
    for (const [name, path] of pages) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      await check(name);
    }
    expect(await page.locator('main').innerText()).toContain('Token inspector');
  });

  it('works on a narrow window', { timeout: 60_000 }, async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/console`);
    // Nothing wider than the window: no sideways scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await check('13-narrow-pools');
  });
});
