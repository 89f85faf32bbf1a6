import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateIdentityProviderCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { ServiceProviderView } from '../helpers/saml-idp.js';
import { TestSamlIdp } from '../helpers/saml-idp.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the SAML browser test is skipped.`);

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * SAML sign-in in a real browser: the app sends Chromium to /oauth2/authorize, the pool redirects it
 * to a SAML IdP on a loopback port, whose page posts the signed response back to /saml2/idpresponse
 * (a cross-site form post, as real IdPs do), and the browser lands at the app with a code.
 */
describe.skipIf(!browserAvailable)('SAML sign-in in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let idpServer: Server;
  let appServer: Server;
  let idp: TestSamlIdp;
  let view: ServiceProviderView;
  let appOrigin: string;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    appServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>back at the app</p>'));
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;

    // The IdP signs everyone in as Jane at once and shows a page whose button posts the response.
    idpServer = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url!, idp.ssoUrl);
        if (url.pathname === '/metadata') return res.writeHead(200, { 'content-type': 'application/xml' }).end(idp.metadata());
        if (url.pathname !== '/sso') return res.writeHead(404).end();
        const request = await idp.readAuthnRequest(url.toString(), view, true);
        const samlResponse = await idp.response(view, { inResponseTo: request.id, nameId: 'jane@corp.example', attributes: { email: ['jane@corp.example'] }, sign: 'response', encrypt: true });
        res.writeHead(200, { 'content-type': 'text/html' }).end(
          `<!doctype html><title>Corp IdP</title><form method="post" action="${escape(request.acsUrl)}">` +
            `<input type="hidden" name="SAMLResponse" value="${escape(samlResponse)}"><input type="hidden" name="RelayState" value="${escape(request.relayState ?? '')}">` +
            '<button id="continue">Continue</button></form>',
        );
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => idpServer.listen(0, '127.0.0.1', resolve));
    const idpOrigin = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;
    idp = await TestSamlIdp.create({ ssoUrl: `${idpOrigin}/sso`, sloUrl: `${idpOrigin}/slo` });

    server = await startTestServer('sqlite');
    const { UserPool } = await server.cognito.send(
      new CreateUserPoolCommand({ PoolName: 'saml-browser', Schema: [{ Name: 'email', AttributeDataType: 'String', Required: false, Mutable: true }] }),
    );
    poolId = UserPool!.Id!;
    await server.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: `${idpOrigin}/metadata`, RequestSigningAlgorithm: 'rsa-sha256', EncryptedResponses: 'true' },
        AttributeMapping: { email: 'email' },
      }),
    );
    const { UserPoolClient } = await server.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'app',
        SupportedIdentityProviders: ['Corp'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [`${appOrigin}/callback`],
      }),
    );
    clientId = UserPoolClient!.ClientId!;
    // The IdP is configured from the pool's SP metadata, as an administrator would.
    const xml = await (await fetch(`${server.url}/${poolId}/saml2/metadata`)).text();
    const cert = (use: string) => {
      const der = new RegExp(`<KeyDescriptor use="${use}">[\\s\\S]*?<ds:X509Certificate>([^<]+)<`).exec(xml)![1]!.replace(/\s+/g, '');
      return `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    };
    view = {
      entityId: /entityID="([^"]+)"/.exec(xml)![1]!,
      acsUrl: /<AssertionConsumerService[^>]*Location="([^"]+)"/.exec(xml)![1]!,
      signingCertificatePem: cert('signing'),
      encryptionCertificatePem: cert('encryption'),
    };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => idpServer?.close(resolve));
    await new Promise((resolve) => appServer?.close(resolve));
  });

  it('goes from the app to the IdP and back with a code whose ID token names the SAML identity', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const query = new URLSearchParams({ client_id: clientId, redirect_uri: `${appOrigin}/callback`, response_type: 'code', scope: 'openid email', identity_provider: 'Corp', state: 's1' });
    await page.goto(`${server.url}/${poolId}/oauth2/authorize?${query}`);
    await expect(page.title()).resolves.toBe('Corp IdP');
    await page.click('#continue');
    await page.waitForURL((url) => url.origin === appOrigin);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('s1');
    const code = landed.searchParams.get('code');
    expect(code).toMatch(/.+/);
    await context.close();

    const res = await fetch(`${server.url}/${poolId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: code!, redirect_uri: `${appOrigin}/callback` }).toString(),
    });
    expect(res.status).toBe(200);
    const id = decodeJwt(((await res.json()) as { id_token: string }).id_token);
    expect(id.email).toBe('jane@corp.example');
    expect(id.identities).toEqual([expect.objectContaining({ providerName: 'Corp', providerType: 'SAML', userId: 'jane@corp.example' })]);
  });
});
