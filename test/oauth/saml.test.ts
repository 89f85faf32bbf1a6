import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import type { ServiceProviderView } from '../helpers/saml-idp.js';
import { makeKeyAndCertificate, TestSamlIdp } from '../helpers/saml-idp.js';

/**
 * SAML federation through the hosted endpoints, as a browser drives it (plain HTTP, cookies kept):
 * /oauth2/authorize?identity_provider=<SAML provider> → the IdP's SSO URL with the AuthnRequest → the
 * test IdP's response posted to /saml2/idpresponse → the app's redirect URI with a code → tokens whose
 * ID token names the SAML identity. And the attacks, each ending at the app with an error, never a code.
 */

const CALLBACK = 'https://app.example/callback';
const SIGNED_OUT = 'https://app.example/signed-out';

/** A browser's cookies, as far as these flows need them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  names(): string[] {
    return [...this.cookies.keys()];
  }
}

const pem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/** The SP as its published metadata describes it: what an IdP administrator configures. */
async function spFromMetadata(base: string): Promise<{ view: ServiceProviderView; xml: string }> {
  const res = await fetch(`${base}/saml2/metadata`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/xml/);
  const xml = await res.text();
  const certs: Record<string, string> = {};
  for (const m of xml.matchAll(/<KeyDescriptor use="(signing|encryption)">[\s\S]*?<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g)) certs[m[1]!] = pem(m[2]!.replace(/\s+/g, ''));
  const entityId = /entityID="([^"]+)"/.exec(xml)![1]!;
  const acsUrl = /<AssertionConsumerService[^>]*Location="([^"]+)"/.exec(xml)![1]!;
  const logoutUrl = /<SingleLogoutService[^>]*Location="([^"]+)"/.exec(xml)![1]!;
  return { xml, view: { entityId, acsUrl, logoutUrl, encryptionCertificatePem: certs.encryption, signingCertificatePem: certs.signing } };
}

forEachEngine('SAML federation through the hosted endpoints', (server) => {
  let idp: TestSamlIdp;
  let metadataServer: ReturnType<typeof createServer>;
  let metadataUrl: string;

  beforeAll(async () => {
    idp = await TestSamlIdp.create();
    const metadata = idp.metadata();
    metadataServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(metadata));
    await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}/metadata`;
  });
  afterAll(() => new Promise<void>((resolve) => metadataServer.close(() => resolve())));

  async function setup(details: Record<string, string> = {}) {
    const cognito = server().cognito;
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({ PoolName: 'saml', Schema: [{ Name: 'email', AttributeDataType: 'String', Required: false, Mutable: true }] }),
    );
    const poolId = UserPool!.Id!;
    await cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: metadataUrl, ...details },
        AttributeMapping: { email: 'email' },
        IdpIdentifiers: ['corp.example'],
      }),
    );
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'app',
        SupportedIdentityProviders: ['COGNITO', 'Corp'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [CALLBACK],
        LogoutURLs: [SIGNED_OUT],
      }),
    );
    const base = `${server().services.settings.publicUrl}/${poolId}`;
    const clientId = UserPoolClient!.ClientId!;
    const { view } = await spFromMetadata(base);
    return { poolId, base, clientId, view };
  }

  type Setup = Awaited<ReturnType<typeof setup>>;

  /** Starts the sign-in at /oauth2/authorize and reads the AuthnRequest the browser is sent to the IdP with. */
  async function startSignIn(fx: Setup, jar: CookieJar, requireSignature = false) {
    const query = new URLSearchParams({ client_id: fx.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email', identity_provider: 'Corp', state: 'app-state' });
    const res = await fetch(`${fx.base}/oauth2/authorize?${query}`, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${idp.ssoUrl}?`)).toBe(true);
    return idp.readAuthnRequest(location, fx.view, requireSignature);
  }

  const post = (fx: Setup, jar: CookieJar, form: Record<string, string>) =>
    fetch(`${fx.base}/saml2/idpresponse`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams(form).toString(),
    });

  async function exchange(fx: Setup, code: string) {
    const res = await fetch(`${fx.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: fx.clientId, code, redirect_uri: CALLBACK }).toString(),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { id_token: string; access_token: string };
  }

  /** Where a redirect to the app's callback lands, with its parameters. */
  function atApp(res: Response): URLSearchParams {
    expect([302, 303]).toContain(res.status);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    return location.searchParams;
  }

  it('signs in end to end: signed AuthnRequest, signed response, code, tokens with the SAML identity', async () => {
    const fx = await setup({ RequestSigningAlgorithm: 'rsa-sha256' });
    const jar = new CookieJar();
    const request = await startSignIn(fx, jar, true);
    expect(request.signed).toBe(true);
    expect(request.issuer).toBe(`urn:amazon:cognito:sp:${fx.poolId}`);
    expect(request.acsUrl).toBe(`${fx.base}/saml2/idpresponse`);
    expect(request.id).toMatch(/^_/);

    const samlResponse = await idp.response(fx.view, {
      inResponseTo: request.id,
      nameId: 'jane@corp.example',
      attributes: { email: ['jane@corp.example'] },
      sign: 'response',
    });
    const res = await post(fx, jar, { SAMLResponse: samlResponse, RelayState: request.relayState! });
    jar.take(res);
    const params = atApp(res);
    expect(params.get('state')).toBe('app-state');
    expect(params.get('error')).toBeNull();
    const tokens = await exchange(fx, params.get('code')!);
    const id = decodeJwt(tokens.id_token);
    expect(id['cognito:username']).toBe('Corp_jane@corp.example');
    expect(id.email).toBe('jane@corp.example');
    const identities = id.identities as Record<string, unknown>[];
    expect(identities[0]).toMatchObject({ providerName: 'Corp', providerType: 'SAML', userId: 'jane@corp.example' });
    // The SSO session was set on this browser.
    expect(jar.names().length).toBeGreaterThan(0);

    // The same response again is a replay: the app gets an error, no code.
    const replay = atApp(await post(fx, jar, { SAMLResponse: samlResponse, RelayState: request.relayState! }));
    expect(replay.get('code')).toBeNull();
    expect(replay.get('error')).toBe('invalid_request');
    expect(replay.get('error_description')).toBe('Invalid samlResponse or relayState from identity provider');
  });

  it('signs in with an encrypted assertion signed on its own', async () => {
    const fx = await setup({ EncryptedResponses: 'true' });
    const jar = new CookieJar();
    const request = await startSignIn(fx, jar);
    expect(request.signed).toBe(false);
    const samlResponse = await idp.response(fx.view, { inResponseTo: request.id, nameId: 'enc@corp.example', attributes: { email: ['enc@corp.example'] }, sign: 'assertion', encrypt: true });
    const params = atApp(await post(fx, jar, { SAMLResponse: samlResponse, RelayState: request.relayState! }));
    const id = decodeJwt((await exchange(fx, params.get('code')!)).id_token);
    expect(id.email).toBe('enc@corp.example');
  });

  it('signs in IdP-initiated when IDPInit is "true", the RelayState carrying the app client request', async () => {
    const fx = await setup({ IDPInit: 'true' });
    const relayState = new URLSearchParams({ identity_provider: 'Corp', client_id: fx.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email' }).toString();
    const samlResponse = await idp.response(fx.view, { inResponseTo: null, nameId: 'idp@corp.example', attributes: { email: ['idp@corp.example'] }, sign: 'response' });
    const params = atApp(await post(fx, new CookieJar(), { SAMLResponse: samlResponse, RelayState: relayState }));
    const id = decodeJwt((await exchange(fx, params.get('code')!)).id_token);
    expect(id['cognito:username']).toBe('Corp_idp@corp.example');

    // idp_identifier names the provider too.
    const byIdentifier = new URLSearchParams({ idp_identifier: 'corp.example', client_id: fx.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' }).toString();
    const again = await idp.response(fx.view, { inResponseTo: null, nameId: 'idp2@corp.example', sign: 'assertion' });
    expect(atApp(await post(fx, new CookieJar(), { SAMLResponse: again, RelayState: byIdentifier })).get('code')).toMatch(/.+/);
  });

  it('refuses IdP-initiated sign-in when IDPInit is not "true"', async () => {
    const fx = await setup();
    const relayState = new URLSearchParams({ identity_provider: 'Corp', client_id: fx.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' }).toString();
    const samlResponse = await idp.response(fx.view, { inResponseTo: null, nameId: 'x@corp.example', sign: 'response' });
    const res = await post(fx, new CookieJar(), { SAMLResponse: samlResponse, RelayState: relayState });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${fx.poolId}/error?error=invalid_request`);
    // Turning it on makes the same kind of response work.
    await server().cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: fx.poolId, ProviderName: 'Corp', ProviderDetails: { MetadataURL: metadataUrl, IDPInit: 'true' } }));
    const fresh = await idp.response(fx.view, { inResponseTo: null, nameId: 'x@corp.example', sign: 'response' });
    expect(atApp(await post(fx, new CookieJar(), { SAMLResponse: fresh, RelayState: relayState })).get('code')).toMatch(/.+/);
  });

  it('sends the attacks back to the app as errors, never with a code', async () => {
    const fx = await setup();
    const other = await makeKeyAndCertificate('attacker');
    const attacks: [string, (id: string) => Promise<string>][] = [
      ['another audience', (id) => idp.response(fx.view, { inResponseTo: id, nameId: 'a@corp.example', sign: 'response', audience: 'urn:amazon:cognito:sp:us-east-1_Other' })],
      ['unsigned', (id) => idp.response(fx.view, { inResponseTo: id, nameId: 'a@corp.example', sign: 'none' })],
      ['wrong InResponseTo', () => idp.response(fx.view, { inResponseTo: '_not-this-request', nameId: 'a@corp.example', sign: 'response' })],
      ['expired', (id) => idp.response(fx.view, { inResponseTo: id, nameId: 'a@corp.example', sign: 'response', notBefore: Date.now() - 3_600_000, notOnOrAfter: Date.now() - 600_000 })],
      ['another key', (id) => idp.response(fx.view, { inResponseTo: id, nameId: 'a@corp.example', sign: 'response', signingKey: other })],
      ['garbage', async () => Buffer.from('<not-saml/>').toString('base64')],
    ];
    for (const [name, build] of attacks) {
      const jar = new CookieJar();
      const request = await startSignIn(fx, jar);
      const params = atApp(await post(fx, jar, { SAMLResponse: await build(request.id), RelayState: request.relayState! }));
      expect({ name, code: params.get('code'), error: params.get('error') }).toEqual({ name, code: null, error: 'invalid_request' });
      expect(params.get('state')).toBe('app-state');
    }
  });

  it('shows the error page for a post without a usable RelayState', async () => {
    const fx = await setup();
    const samlResponse = await idp.response(fx.view, { inResponseTo: '_x', nameId: 'a@corp.example', sign: 'response' });
    const forms: Record<string, string>[] = [{ SAMLResponse: samlResponse }, { SAMLResponse: samlResponse, RelayState: 'v1.forged' }, {}];
    for (const form of forms) {
      const res = await post(fx, new CookieJar(), form);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/${fx.poolId}/error?error=invalid_request`);
    }
  });

  it('signs a SAML user out at the IdP too when IDPSignout is "true", then goes where /logout was asked to', async () => {
    const fx = await setup({ IDPSignout: 'true' });
    const jar = new CookieJar();
    const request = await startSignIn(fx, jar);
    const samlResponse = await idp.response(fx.view, { inResponseTo: request.id, nameId: 'out@corp.example', sessionIndex: '_idp-session-7', sign: 'response' });
    const signedIn = await post(fx, jar, { SAMLResponse: samlResponse, RelayState: request.relayState! });
    jar.take(signedIn);
    expect(atApp(signedIn).get('code')).toMatch(/.+/);
    // The SSO session signs the browser in silently...
    const silent = new URLSearchParams({ client_id: fx.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' });
    const before = await fetch(`${fx.base}/oauth2/authorize?${silent}`, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(atApp(before).get('code')).toMatch(/.+/);

    const logout = await fetch(`${fx.base}/logout?${new URLSearchParams({ client_id: fx.clientId, logout_uri: SIGNED_OUT })}`, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(logout.status).toBe(302);
    const toIdp = logout.headers.get('location')!;
    expect(toIdp.startsWith(`${idp.sloUrl}?`)).toBe(true);
    const logoutRequest = await idp.readLogoutRequest(toIdp, fx.view);
    expect(logoutRequest).toMatchObject({ nameId: 'out@corp.example', sessionIndex: '_idp-session-7' });

    // ...and no longer once /logout ended it, even before the IdP answers.
    const after = await fetch(`${fx.base}/oauth2/authorize?${silent}`, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(after.headers.get('location') ?? '').not.toContain(CALLBACK);

    const back = await fetch(`${fx.base}/saml2/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: idp.logoutResponse(fx.view, logoutRequest.id), RelayState: logoutRequest.relayState! }).toString(),
    });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(SIGNED_OUT);

    // A LogoutResponse with a forged RelayState goes nowhere but the error page.
    const forged = await fetch(`${fx.base}/saml2/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: idp.logoutResponse(fx.view, logoutRequest.id), RelayState: 'v1.forged' }).toString(),
    });
    expect(forged.headers.get('location')).toBe(`/${fx.poolId}/error?error=invalid_request`);
  });

  it('takes a response past the 64 KiB form limit, up to 100,000 characters', async () => {
    const fx = await setup();
    const jar = new CookieJar();
    const request = await startSignIn(fx, jar);
    const samlResponse = await idp.response(fx.view, {
      inResponseTo: request.id,
      nameId: 'padded@corp.example',
      attributes: { email: ['padded@corp.example'], padding: ['x'.repeat(60_000)] },
      sign: 'response',
    });
    const body = new URLSearchParams({ SAMLResponse: samlResponse, RelayState: request.relayState! }).toString();
    expect(body.length).toBeGreaterThan(64 * 1024);
    expect(samlResponse.length).toBeLessThanOrEqual(100_000);
    const params = atApp(await post(fx, jar, { SAMLResponse: samlResponse, RelayState: request.relayState! }));
    expect(params.get('error')).toBeNull();
    expect(decodeJwt((await exchange(fx, params.get('code')!)).id_token)['cognito:username']).toBe('Corp_padded@corp.example');
  });

  it('refuses a response over 100,000 characters at the app, and a body past the route limit with a 400', async () => {
    const fx = await setup();
    const jar = new CookieJar();
    const request = await startSignIn(fx, jar);
    const tooLong = await idp.response(fx.view, {
      inResponseTo: request.id,
      nameId: 'long@corp.example',
      attributes: { padding: ['x'.repeat(80_000)] },
      sign: 'response',
    });
    expect(tooLong.length).toBeGreaterThan(100_000);
    const params = atApp(await post(fx, jar, { SAMLResponse: tooLong, RelayState: request.relayState! }));
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('code')).toBeNull();

    const huge = await post(fx, jar, { SAMLResponse: '+'.repeat(200_000), RelayState: request.relayState! });
    expect(huge.status).toBe(400);
    expect(await huge.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('signs out locally only without IDPSignout', async () => {
    const fx = await setup();
    const jar = new CookieJar();
    const request = await startSignIn(fx, jar);
    const res = await post(fx, jar, { SAMLResponse: await idp.response(fx.view, { inResponseTo: request.id, nameId: 'local@corp.example', sign: 'response' }), RelayState: request.relayState! });
    jar.take(res);
    const logout = await fetch(`${fx.base}/logout?${new URLSearchParams({ client_id: fx.clientId, logout_uri: SIGNED_OUT })}`, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(logout.headers.get('location')).toBe(SIGNED_OUT);
  });

  it('reads the metadata at CreateIdentityProvider and UpdateIdentityProvider, as Describe shows', async () => {
    const fx = await setup();
    const cognito = server().cognito;
    const describe = async (name: string) =>
      (await cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: fx.poolId, ProviderName: name }))).IdentityProvider!.ProviderDetails!;

    // The URL given at creation was fetched then.
    expect(await describe('Corp')).toMatchObject({ MetadataURL: metadataUrl, SSORedirectBindingURI: idp.ssoUrl, SLORedirectBindingURI: idp.sloUrl });
    expect((await describe('Corp')).ActiveEncryptionCertificate).toBeUndefined();

    const created = await cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: fx.poolId,
        ProviderName: 'FromFile',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataFile: idp.metadata(), EncryptedResponses: 'true' },
      }),
    );
    const encryption = fx.view.encryptionCertificatePem!.replace(/-----[A-Z ]+-----|\s+/g, '');
    expect(created.IdentityProvider!.ProviderDetails).toMatchObject({ SSORedirectBindingURI: idp.ssoUrl, SLORedirectBindingURI: idp.sloUrl, ActiveEncryptionCertificate: encryption });
    const described = await describe('FromFile');
    expect(described).toEqual(created.IdentityProvider!.ProviderDetails);

    // What Describe showed, sent back: the derived details are recomputed, not taken.
    await cognito.send(
      new UpdateIdentityProviderCommand({
        UserPoolId: fx.poolId,
        ProviderName: 'FromFile',
        ProviderDetails: { ...described, EncryptedResponses: 'false', SSORedirectBindingURI: 'https://elsewhere.example/sso' },
      }),
    );
    const updated = await describe('FromFile');
    expect(updated.SSORedirectBindingURI).toBe(idp.ssoUrl);
    expect(updated.ActiveEncryptionCertificate).toBeUndefined();

    // Metadata that does not parse is refused; a URL nothing answers at is read at sign-in instead.
    await expect(
      cognito.send(new CreateIdentityProviderCommand({ UserPoolId: fx.poolId, ProviderName: 'Broken', ProviderType: 'SAML', ProviderDetails: { MetadataFile: '<nope' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/metadata`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await cognito.send(new CreateIdentityProviderCommand({ UserPoolId: fx.poolId, ProviderName: 'Later', ProviderType: 'SAML', ProviderDetails: { MetadataURL: closedUrl } }));
    const later = await describe('Later');
    expect(later.MetadataURL).toBe(closedUrl);
    expect(later.SSORedirectBindingURI).toBeUndefined();
  });

  it('publishes SP metadata with the entity id, the ACS, the logout endpoint and both certificates', async () => {
    const fx = await setup();
    const { xml, view } = await spFromMetadata(fx.base);
    expect(view.entityId).toBe(`urn:amazon:cognito:sp:${fx.poolId}`);
    expect(view.acsUrl).toBe(`${fx.base}/saml2/idpresponse`);
    expect(xml).toContain(`Location="${fx.base}/saml2/logout"`);
    expect(view.signingCertificatePem).toMatch(/BEGIN CERTIFICATE/);
    expect(view.encryptionCertificatePem).toMatch(/BEGIN CERTIFICATE/);
    expect(view.signingCertificatePem).not.toBe(view.encryptionCertificatePem);
  });
});

