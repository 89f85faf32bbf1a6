import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningCognate } from '../../src/index.js';
import { startCognate } from '../../src/index.js';
import { signInThroughHostedUi } from '../../examples/embedding/playwright/hosted-ui.js';
import playwrightGlobalSetup from '../../examples/embedding/playwright/global-setup.js';
import { CHROMIUM } from '../helpers/global-setup.js';
import { ROOT } from '../helpers/cli.js';

/** The recipes of examples/embedding, each run as its framework would run it. */

const run = promisify(execFile);
const nestedVitest = (recipe: string) =>
  run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/embed/recipe-vitest.config.ts'], {
    cwd: ROOT,
    env: { ...process.env, RECIPE: recipe, NODE_NO_WARNINGS: '1' },
  });

// Each recipe starts a process of its own that loads Cognate's sources: slow on a busy machine, hence the timeouts.
describe('the vitest and Jest recipes', { timeout: 240_000 }, () => {
  it('vitest: the global set-up starts Cognate and the recipe test signs in against it', async () => {
    const { stdout } = await nestedVitest('vitest');
    expect(stdout).toMatch(/1 passed/);
    expect(stdout).toContain('sign-in.test.ts');
  });

  it('Jest: the global set-up and teardown, and the Jest-style test under them (run by vitest with globals)', async () => {
    const { stdout } = await nestedVitest('jest');
    expect(stdout).toMatch(/1 passed/);
    expect(stdout).toContain('sign-in.test.mjs');
  });
});

describe('the plain Node script recipe', { timeout: 240_000 }, () => {
  it('starts Cognate, gets a token, reads the outbox and stops', async () => {
    // The script imports 'cognate' by name; through tsx and tsconfig paths that is the source.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/embedding/node-script.mjs'], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    expect(JSON.parse(stdout)).toMatchObject({ pool: 'us-east-1_DemoPool1', gotToken: true, outbox: 0, endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  });
});

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the Playwright recipe is skipped.`);

describe.skipIf(!browserAvailable)('the Playwright recipe', { timeout: 120_000 }, () => {
  let browser: Browser;
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    teardown = await playwrightGlobalSetup();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await teardown?.();
  });

  it('signs in through the hosted UI and the code it brings back is exchanged for tokens', async () => {
    const poolUrl = process.env.COGNATE_POOL_URL!;
    const clientId = process.env.COGNATE_CLIENT_ID!;
    const page = await browser.newPage();
    const redirectUri = 'http://localhost/callback';
    const { code } = await signInThroughHostedUi(page, { poolUrl, clientId, redirectUri, username: 'demo', password: 'Passw0rd!', scope: 'openid email' });
    const response = await fetch(`${poolUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri }),
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { id_token: string };
    expect(JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString())).toMatchObject({ 'cognito:username': 'demo' });
  });
});

describe('startCognate as a second instance beside the recipes', () => {
  let cognate: RunningCognate;
  beforeAll(async () => void (cognate = await startCognate({ logLevel: 'error' })));
  afterAll(async () => cognate?.stop());
  it('starts with no seed and no pools, on its own port', async () => {
    expect(cognate.pools).toEqual([]);
    expect((await fetch(`${cognate.endpoint}/health`)).status).toBe(200);
  });
});
