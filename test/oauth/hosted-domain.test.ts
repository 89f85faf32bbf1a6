import { CreateUserPoolDomainCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { getPool } from '../../src/core/pool/pools.js';
import { issueTokens } from '../../src/core/token/tokens.js';
import { getClient } from '../../src/core/client/clients.js';
import { getUser } from '../../src/core/user/users.js';
import { forEachEngine, json } from '../helpers/server.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, CALLBACK, createFixture, hostRequest, LOGOUT, navigate, redirectOf, signedIn } from './fixture.js';

forEachEngine('the pool’s domain: host form, pages, sign-out and headers', (server) => {
  let fx: OAuthFixture;
  let cookie: string;
  beforeAll(async () => {
    fx = await createFixture(server());
    cookie = await signedIn(server(), fx);
  });
  const host = () => `${fx.domain}.auth.localhost:${server().port}`;

  it('serves discovery and JWKS on the pool’s domain, advertising the path form', async () => {
    const res = await hostRequest(server().port, host(), '/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.issuer).toBe(fx.base);
    expect(doc.token_endpoint).toBe(`${fx.base}/oauth2/token`);
    const jwks = JSON.parse((await hostRequest(server().port, host(), '/.well-known/jwks.json')).body);
    expect(jwks.keys).toHaveLength(2);
    const aws = await hostRequest(server().port, `${fx.domain}.auth.us-east-1.amazoncognito.com`, '/.well-known/openid-configuration');
    expect(JSON.parse(aws.body).issuer).toBe(fx.base);
  });

  it('serves a custom domain by its host name', async () => {
    await server().cognito.send(
      new CreateUserPoolDomainCommand({ UserPoolId: fx.poolId, Domain: `auth-${fx.domain}.example.com`, CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/x' } }),
    );
    const res = await hostRequest(server().port, `auth-${fx.domain}.example.com`, '/.well-known/openid-configuration');
    expect(JSON.parse(res.body).issuer).toBe(fx.base);
  });

  it('answers 404 at the root for a host that is no pool’s domain, and keeps the Cognito API at POST /', async () => {
    expect((await hostRequest(server().port, 'nosuchdomain.auth.localhost', '/oauth2/authorize')).status).toBe(404);
    expect((await hostRequest(server().port, `localhost:${server().port}`, '/.well-known/openid-configuration')).status).toBe(404);
    const described = await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: fx.poolId }));
    expect(described.UserPool?.Domain).toBe(fx.domain);
    const api = await hostRequest(server().port, host(), '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPool' },
      body: JSON.stringify({ UserPoolId: fx.poolId }),
    });
    expect(JSON.parse(api.body).UserPool.Id).toBe(fx.poolId);
  });

  it('runs the authorization endpoint on the domain: /login and the error page stay on the domain', async () => {
    const query = new URLSearchParams({ response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK, state: 'x' }).toString();
    const login = await hostRequest(server().port, host(), `/oauth2/authorize?${query}`);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(`/login?${query}`);
    const mismatch = await hostRequest(server().port, host(), `/oauth2/authorize?response_type=code&client_id=${fx.publicClientId}&redirect_uri=https://evil.example/`);
    expect(mismatch.headers.location).toBe(`/error?error=redirect_mismatch&client_id=${fx.publicClientId}`);
    const code = await hostRequest(server().port, host(), `/oauth2/authorize?${query}`, { headers: { cookie } });
    expect(String(code.headers.location)).toMatch(/^https:\/\/app\.example\/callback\?code=[\w-]{43}&state=x$/);
  });

  it('sends security headers: no framing, no referrer, no sniffing, no third-party resources', async () => {
    const responses = [
      await navigate(authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK })),
      await navigate(`${fx.base}/error?error=redirect_mismatch`),
      await fetch(`${fx.base}/oauth2/token`, { method: 'POST' }),
    ];
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/https?:/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    const hosted = await hostRequest(server().port, host(), '/error?error=x');
    expect(hosted.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('shows an escaped error page that repeats only well-formed values', async () => {
    const res = await navigate(`${fx.base}/error?error=redirect_mismatch&client_id=${fx.publicClientId}`);
    const page = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page).toContain('An error was encountered with the requested page');
    expect(page).toContain(fx.publicClientId);
    const hostile = await (await navigate(`${fx.base}/error?error=${encodeURIComponent('<script>alert(1)</script>')}&client_id=${encodeURIComponent('"><img src=x>')}`)).text();
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img');
  });

  it('signs out to a registered logout_uri, clearing the session cookie on the pool’s path', async () => {
    const res = await navigate(`${fx.base}/logout?client_id=${fx.publicClientId}&logout_uri=${encodeURIComponent(LOGOUT)}`, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(LOGOUT);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^cognito=;/);
    expect(setCookie).toContain(`Path=/${fx.poolId}`);
    expect(setCookie).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
  });

  it('signs out and back in with redirect_uri, filling in all the client’s scopes', async () => {
    const res = await navigate(`${fx.base}/logout?client_id=${fx.publicClientId}&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&state=s1`, cookie);
    const { url, query } = redirectOf(res);
    expect(url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    expect(Object.fromEntries(query)).toEqual({
      client_id: fx.publicClientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      state: 's1',
      scope: 'openid email profile phone aws.cognito.signin.user.admin orders/read',
    });
  });

  it('shows Cognito’s texts for a sign-out it cannot do, and never redirects to an unregistered URL', async () => {
    const missingClient = await navigate(`${fx.base}/logout?logout_uri=${encodeURIComponent(LOGOUT)}`);
    expect(missingClient.status).toBe(400);
    expect(await missingClient.text()).toContain('Missing required parameter client_id in request URL');
    for (const query of [`logout_uri=${encodeURIComponent('https://evil.example/')}`, `post_logout_redirect_uri=${encodeURIComponent(LOGOUT)}`, '']) {
      const res = await navigate(`${fx.base}/logout?client_id=${fx.publicClientId}&${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Required String parameter &#39;redirect_uri&#39; is not present');
    }
  });

  it('sets the session cookie on the domain’s root path when signing out there', async () => {
    const res = await hostRequest(server().port, host(), `/logout?client_id=${fx.publicClientId}&logout_uri=${encodeURIComponent(LOGOUT)}`);
    expect(res.headers.location).toBe(LOGOUT);
    expect(String(res.headers['set-cookie'])).toContain('Path=/;');
  });

  it('answers userInfo errors as Cognito does: 400 without a token, 401 for a bad one or one without openid', async () => {
    const url = `${fx.base}/oauth2/userInfo`;
    const none = await fetch(url);
    expect(none.status).toBe(400);
    expect(none.headers.get('www-authenticate')).toContain('error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"');
    const bad = await fetch(url, { headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain(
      'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
    );
    expect(bad.headers.get('cache-control')).toBe('no-cache, no-store, max-age=0, must-revalidate');
    expect(bad.headers.get('pragma')).toBe('no-cache');

    const services = server().services;
    const pool = await getPool(services, fx.poolId);
    const apiTokens = await issueTokens(services, {
      pool,
      client: await getClient(services, fx.publicClientId),
      user: await getUser(services, pool, fx.username),
      authTime: Math.floor(services.clock.now() / 1000),
      refreshToken: false,
      trigger: { source: 'TokenGeneration_Authentication' },
    });
    expect((await fetch(url, { headers: { authorization: `Bearer ${apiTokens.accessToken}` } })).status).toBe(401);
  });

  it('answers userInfo by POST with the token in the header or the form body', async () => {
    // The sign-out tests above ended the shared session on the server; this one needs its own.
    const session = await signedIn(server(), fx);
    const { fragment } = redirectOf(await navigate(authorizeUrl(fx, { response_type: 'token', client_id: fx.publicClientId, redirect_uri: CALLBACK, scope: 'openid email phone' }), session));
    const token = fragment.get('access_token')!;
    const viaHeader = await fetch(`${fx.base}/oauth2/userInfo`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await json(viaHeader)).toMatchObject({ username: fx.username, email: 'alice@example.com', email_verified: 'true' });
    const viaBody = await fetch(`${fx.base}/oauth2/userInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `access_token=${token}`,
    });
    const body = await json(viaBody);
    expect(body.name).toBeUndefined();
    expect(Object.keys(body)).toEqual(['sub', 'email', 'email_verified', 'username']);
  });

  it('allows browsers on other origins to call the token, userInfo and discovery endpoints, but not authorize', async () => {
    const preflight = await fetch(`${fx.base}/oauth2/token`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${fx.base}/.well-known/openid-configuration`)).headers.get('access-control-allow-origin')).toBe('*');
    const authorize = await navigate(authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK }));
    expect(authorize.headers.get('access-control-allow-origin')).toBeNull();
  });
});
