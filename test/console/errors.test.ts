import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { createConfirmedUser, startTestServer } from '../helpers/server.js';
import { launch, screenshot } from './browser.js';

const browserAvailable = inject('browser');

/** The console's error paths in Chromium with JavaScript off: Cognito's words, inline, the form kept as typed. */
describe.skipIf(!browserAvailable)('console forms refused, in Chromium without JavaScript', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let poolId: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    base = server.services.settings.publicUrl;
    poolId = (await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'errors' }))).UserPool!.Id!;
    await createConfirmedUser(server.cognito, poolId, 'alice', 'Passw0rd!x');
    browser = await launch();
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const submit = (label: string) => Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: label, exact: true }).click()]);

  it('an invalid password policy is refused with the validation error at the field', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/console/pools/new`);
    await page.getByLabel('User pool name').fill('too-short');
    await page.getByLabel('Password minimum length').fill('3');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Create user pool' }).click()]);
    await page.waitForLoadState();
    expect(response.status()).toBe(400);
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('InvalidParameterException');
    expect(alert).toMatch(/minimumLength/i);
    const input = page.getByLabel('Password minimum length');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.inputValue()).toBe('3');
    expect(await page.getByLabel('User pool name').inputValue()).toBe('too-short');
    await screenshot(page, 'error-password-policy');
    // Nothing was created.
    await page.goto(`${base}/console`);
    expect(await page.locator('main').innerText()).not.toContain('too-short');
  });

  it('a duplicate user is refused with UsernameExistsException', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/console/pools/${poolId}/users/new`);
    await page.getByLabel('User name', { exact: true }).fill('alice');
    await submit('Create user');
    expect(await page.getByRole('alert').innerText()).toContain('UsernameExistsException');
    expect(await page.getByLabel('User name', { exact: true }).inputValue()).toBe('alice');
    await screenshot(page, 'error-duplicate-user');
  });

  it('a callback URL Cognito would refuse is refused, and the client is not created', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/console/pools/${poolId}/app/clients/new`);
    await page.getByLabel('App client name').fill('bad-callback');
    await page.getByLabel('Allowed callback URLs').fill('http://example.com/callback');
    await submit('Create app client');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('InvalidParameterException');
    expect(alert).toContain('http://example.com/callback cannot use the HTTP protocol');
    expect(await page.getByLabel('Allowed callback URLs').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'error-callback-url');
    await page.goto(`${base}/console/pools/${poolId}/app`);
    expect(await page.locator('main').innerText()).not.toContain('bad-callback');
  });

  it('a pool with deletion protection is not deleted', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/console/pools/new`);
    await page.getByLabel('User pool name').fill('protected');
    await submit('Create user pool');
    await page.getByLabel(/To confirm, type the user pool name/).fill('protected');
    await submit('Delete user pool');
    expect(await page.getByRole('alert').innerText()).toMatch(/deletion protection/i);
    expect(await page.locator('h1').innerText()).toBe('protected');
  });
});
