import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CreateUserPoolClientCommand, CreateUserPoolCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { build } from 'esbuild';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { createUser, PASSWORD } from '../ui/fixture.js';

/**
 * Amplify JS v6's `signInWithRedirect`, unchanged, in Chromium, through Cognate's hosted UI. Amplify
 * builds `https://<oauth.domain>/oauth2/...`; Cognate serves plain HTTP and finds the pool by the Host
 * header, so the browser's requests to `https://<domain>/**` are forwarded to Cognate over http with
 * the same method, path, headers (Host = the domain) and body, and Cognate's answer (status, headers
 * with Location and Set-Cookie, body) is handed back to the page. Nothing else is changed or mocked.
 */

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the Amplify signInWithRedirect test is skipped.`);

/** The app page: Amplify configured with the hosted UI's domain, a sign-in and a sign-out button, and what Amplify says of the session. */
const APP_SOURCE = `
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signInWithRedirect, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';

Amplify.configure((window as any).AMPLIFY_CONFIG);
const out = document.getElementById('out')!;
const show = (state: string, text: string) => { out.textContent = text; out.dataset.state = state; };
async function render() {
  try {
    const user = await getCurrentUser();
    const session = await fetchAuthSession();
    show('signed-in', JSON.stringify({ username: user.username, userId: user.userId, idToken: session.tokens?.idToken?.toString() }));
  } catch (error) {
    if (out.dataset.state !== 'signed-in') show('signed-out', String(error));
  }
}
Hub.listen('auth', ({ payload }) => {
  if (payload.event === 'signInWithRedirect') void render();
  if (payload.event === 'signInWithRedirect_failure') show('failed', JSON.stringify(payload.data));
});
document.getElementById('signin')!.addEventListener('click', () => signInWithRedirect().catch((error) => show('failed', String(error))));
document.getElementById('signout')!.addEventListener('click', () => signOut().catch((error) => show('failed', String(error))));
void render();
`;

interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

describe.skipIf(!browserAvailable)('Amplify JS v6 signInWithRedirect in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let app: Server;
  let appUrl: string;
  let poolId: string;
  let clientId: string;
  let domain: string;
  /** Every request the page sent to the hosted UI's domain, as `METHOD /path`. */
  const hosted: string[] = [];
  /** Requests to any other host than the app, Cognate and the domain: refused, and none expected. */
  const elsewhere: string[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const cognito = server.cognito;
    poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'amplify-redirect' }))).UserPool!.Id!;
    const prefix = `amp${randomBytes(5).toString('hex')}`;
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    domain = `${prefix}.auth.us-east-1.amazoncognito.com`;

    const { outputFiles } = await build({
      stdin: { contents: APP_SOURCE, loader: 'ts', resolveDir: fileURLToPath(new URL('../..', import.meta.url)), sourcefile: 'app.ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
    });
    const bundle = outputFiles[0]!.text;

    let config = '';
    app = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      else if (req.url === '/favicon.ico') res.writeHead(404).end();
      else
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<!doctype html><title>app</title><button id="signin">Sign in</button><button id="signout">Sign out</button><pre id="out"></pre>` +
              `<script>window.AMPLIFY_CONFIG = ${config};</script><script type="module" src="/app.js"></script>`,
          );
    });
    await new Promise<void>((resolve) => app.listen(0, resolve));
    appUrl = `http://localhost:${(app.address() as AddressInfo).port}/`;

    clientId = (
      await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'spa',
          SupportedIdentityProviders: ['COGNITO'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', 'profile'],
          CallbackURLs: [appUrl],
          LogoutURLs: [appUrl],
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await createUser(server, poolId, 'alice', [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    config = JSON.stringify({
      Auth: {
        Cognito: {
          userPoolId: poolId,
          userPoolClientId: clientId,
          userPoolEndpoint: server.url,
          loginWith: { oauth: { domain, scopes: ['openid', 'email', 'profile'], redirectSignIn: [appUrl], redirectSignOut: [appUrl], responseType: 'code' } },
        },
      },
    });

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

  /** Sends the page's request for `https://<domain>/...` to Cognate over http, as a TLS front would. */
  async function forward(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    hosted.push(`${request.method()} ${url.pathname}`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(await request.allHeaders())) {
      // Pseudo-headers are HTTP/2's; the body is given back as it is, not compressed.
      if (!name.startsWith(':') && name !== 'accept-encoding' && name !== 'content-length') headers[name] = value;
    }
    headers.host = domain;
    const body = request.postDataBuffer();
    if (body) headers['content-length'] = String(body.length);
    const answer = await new Promise<Forwarded>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, method: request.method(), path: `${url.pathname}${url.search}`, headers }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined || ['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(name)) continue;
            // Playwright takes several Set-Cookie headers separated by newlines.
            out[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
          }
          resolve({ status: res.statusCode!, headers: out, body: Buffer.concat(chunks) });
        });
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
    await route.fulfill(answer);
  }

  async function session(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    // Routes run newest first: the domain's is tried before the catch-all.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (`${url.origin}/` === appUrl || url.origin === new URL(server.url).origin) return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
    await context.route(`https://${domain}/**`, forward);
    return { context, page: await context.newPage() };
  }

  const result = async (page: Page) => {
    const out = page.locator('#out[data-state="signed-in"], #out[data-state="failed"]');
    await out.waitFor();
    const text = (await out.textContent()) ?? '';
    expect(await out.getAttribute('data-state'), text).toBe('signed-in');
    return JSON.parse(text) as { username: string; userId: string; idToken: string };
  };

  it('signs in through the hosted UI, lands back with a verified ID token, and signs out through /logout', async () => {
    const { context, page } = await session();
    try {
      await page.goto(appUrl);
      await page.locator('#out[data-state="signed-out"]').waitFor();

      await page.click('#signin');
      await page.waitForURL((url) => url.host === domain && url.pathname === '/login');
      expect(hosted).toContain('GET /oauth2/authorize');
      // The authorization endpoint sent the browser on to /login with Amplify's query, PKCE included.
      const authorize = new URL(page.url());
      expect(authorize.searchParams.get('client_id')).toBe(clientId);
      expect(authorize.searchParams.get('redirect_uri')).toBe(appUrl);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      await page.fill('#signInFormUsername', 'alice');
      await page.fill('#signInFormPassword', PASSWORD);
      await page.click('#signInSubmitButton');
      await page.waitForURL((url) => `${url.origin}/` === appUrl);

      const user = await result(page);
      expect(user.username).toBe('alice');
      const jwks = createRemoteJWKSet(new URL(`${server.url}/${poolId}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(user.idToken, jwks, { issuer: `${server.services.settings.publicUrl}/${poolId}`, audience: clientId });
      expect(payload).toMatchObject({ sub: user.userId, token_use: 'id', 'cognito:username': 'alice', email: 'alice@example.com' });
      expect(hosted).toEqual(expect.arrayContaining(['GET /oauth2/authorize', 'GET /login', 'POST /login', 'POST /oauth2/token']));

      const logoutRequest = page.waitForRequest((r) => r.url().startsWith(`https://${domain}/logout?`));
      await page.click('#signout');
      const logout = new URL((await logoutRequest).url());
      expect(logout.searchParams.get('client_id')).toBe(clientId);
      expect(logout.searchParams.get('logout_uri')).toBe(appUrl);
      await page.waitForURL((url) => url.href === appUrl);
      await page.locator('#out[data-state="signed-out"]').waitFor();

      // The hosted UI's session ended too: signing in again asks for the password.
      await page.click('#signin');
      await page.waitForURL((url) => url.host === domain && url.pathname === '/login');
      await page.locator('#signInFormUsername').waitFor();
      expect(elsewhere).toEqual([]);
    } finally {
      await context.close();
    }
    // A dozen page loads, each parsing the Amplify bundle: slower than the default on a busy machine.
  }, 60_000);
});
