import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { createConfirmedUser, startTestServer } from '../helpers/server.js';

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the cross-origin API test is skipped.`);

/** What a page's fetch of the Cognito API saw, or the browser's refusal. */
interface Seen {
  status?: number;
  requestId?: string | null;
  errorType?: string | null;
  body?: Record<string, unknown>;
  refused?: string;
}

/**
 * A single-page app on its own origin calls the Cognito JSON API as amazon-cognito-identity-js does:
 * a preflighted POST with the amz-json type and X-Amz-Target. Chromium enforces CORS, so this is
 * where a missing or wrong header would show.
 */
describe.skipIf(!browserAvailable)('the Cognito API from a page of another origin, in Chromium', () => {
  let server: TestServer;
  let app: Server;
  let browser: Browser;
  let page: Page;
  let clientId: string;
  let poolId: string;

  beforeAll(async () => {
    app = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    server = await startTestServer('sqlite');
    poolId = (await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'spa' }))).UserPool!.Id!;
    clientId = (await server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
      .UserPoolClient!.ClientId!;
    await createConfirmedUser(server.cognito, poolId, 'carol', 'Passw0rd!');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(app.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => app?.close(resolve));
  });

  const call = (operation: string, body: unknown): Promise<Seen> =>
    page.evaluate(
      async ({ url, operation, body }) => {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, 'x-amz-user-agent': 'aws-amplify/6' },
            body: JSON.stringify(body),
          });
          return { status: res.status, requestId: res.headers.get('x-amzn-requestid'), errorType: res.headers.get('x-amzn-errortype'), body: await res.json() };
        } catch (error) {
          return { refused: String(error) };
        }
      },
      { url: `${server.url}/`, operation, body },
    );

  it('signs in, and the page reads the tokens and the exposed request id', async () => {
    const seen = await call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'carol', PASSWORD: 'Passw0rd!' } });
    expect(seen.status).toBe(200);
    expect(seen.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((seen.body?.AuthenticationResult as { AccessToken?: string }).AccessToken).toMatch(/^eyJ/);
  });

  it("reads a refusal's error type from the exposed header and the body", async () => {
    const seen = await call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'carol', PASSWORD: 'wrong' } });
    expect(seen).toMatchObject({ status: 400, errorType: 'NotAuthorizedException', body: { __type: 'NotAuthorizedException' } });
  });

  it('cannot read an IAM operation: the browser refuses the answer', async () => {
    const seen = await call('ListUsers', { UserPoolId: poolId });
    expect(seen.refused).toMatch(/Failed to fetch/);
  });
});
