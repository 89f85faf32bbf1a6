import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import type { OAuthFixture } from './fixture.js';
import { CALLBACK, createFixture, navigate, redirectOf, signedIn } from './fixture.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

forEachEngine('OAuth 2.0 and OIDC with openid-client', (server) => {
  let fx: OAuthFixture;
  let cookie: string;
  beforeAll(async () => {
    fx = await createFixture(server());
    cookie = await signedIn(server(), fx);
  });

  const discover = (clientId: string, auth: oidc.ClientAuth = oidc.None()) => oidc.discovery(new URL(fx.base), clientId, undefined, auth, insecure);

  /** Runs the authorization request in a signed-in browser and returns the redirect back to the client. */
  async function authorize(config: oidc.Configuration, params: Record<string, string>): Promise<URL> {
    const res = await navigate(oidc.buildAuthorizationUrl(config, params), cookie);
    expect(res.status).toBe(302);
    return new URL(redirectOf(res).url);
  }

  it('discovers the pool: issuer, path-form endpoints, S256 PKCE and the custom scopes', async () => {
    const config = await discover(fx.publicClientId);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(fx.base);
    expect(meta.authorization_endpoint).toBe(`${fx.base}/oauth2/authorize`);
    expect(meta.token_endpoint).toBe(`${fx.base}/oauth2/token`);
    expect(meta.userinfo_endpoint).toBe(`${fx.base}/oauth2/userInfo`);
    expect(meta.revocation_endpoint).toBe(`${fx.base}/oauth2/revoke`);
    expect(meta.jwks_uri).toBe(`${fx.base}/.well-known/jwks.json`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code', 'token']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'phone', 'profile', 'orders/read', 'orders/write']));
    expect(meta.end_session_endpoint).toBeUndefined();
  });

  it('runs the authorization code grant with PKCE, signing in on the hosted form, then userInfo, refresh and revocation', async () => {
    const config = await discover(fx.publicClientId);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    // A browser with no session: authorize sends it to the sign-in form, which is filled in over HTTP.
    const browser = new FormBrowser();
    const authorizeUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const signInPage = await browser.follow(await browser.get(authorizeUrl.href));
    expect(signInPage.url).toContain('/login?');
    const done = await browser.submit(signInPage, 'cognitoSignInForm', { username: fx.username, password: fx.password });
    expect(done.status).toBe(303);
    const callback = new URL(done.location!);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('code')).toMatch(/^[\w-]{43}$/);

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeTruthy();
    const id = tokens.claims()!;
    expect(id).toMatchObject({ iss: fx.base, aud: fx.publicClientId, token_use: 'id', nonce, 'cognito:username': 'alice', email: 'alice@example.com', email_verified: true });
    expect(id.at_hash).toBeTruthy();
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({ token_use: 'access', client_id: fx.publicClientId, version: 2, username: 'alice', scope: 'openid email profile' });
    expect(access.auth_time).toBe(id.auth_time);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, id.sub);
    expect(info).toMatchObject({ sub: id.sub, username: 'alice', email: 'alice@example.com', email_verified: 'true', name: 'Alice' });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ scope: 'openid email profile', version: 2, auth_time: access.auth_time, origin_jti: access.origin_jti });
    expect(refreshed.claims()).toMatchObject({ sub: id.sub, auth_time: id.auth_time });

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(config, refreshed.access_token, id.sub)).rejects.toMatchObject({ status: 401 });
  });

  it('authenticates a confidential client with client_secret_basic and with client_secret_post', async () => {
    for (const auth of [oidc.ClientSecretBasic(fx.confidentialSecret), oidc.ClientSecretPost(fx.confidentialSecret)]) {
      const config = await discover(fx.confidentialClientId, auth);
      const state = oidc.randomState();
      const callback = await authorize(config, { redirect_uri: CALLBACK, scope: 'openid email', state });
      const tokens = await oidc.authorizationCodeGrant(config, callback, { expectedState: state });
      expect(tokens.claims()).toMatchObject({ aud: fx.confidentialClientId, email: 'alice@example.com' });
      expect(tokens.claims()!.nonce).toBeUndefined();
    }
  });

  it('grants all of the client’s custom scopes with client credentials, or the ones asked for', async () => {
    const config = await discover(fx.machineClientId, oidc.ClientSecretBasic(fx.machineSecret));
    const all = await oidc.clientCredentialsGrant(config);
    expect(all.id_token).toBeUndefined();
    expect(all.refresh_token).toBeUndefined();
    const claims = decodeJwt(all.access_token);
    expect(claims).toMatchObject({ sub: fx.machineClientId, client_id: fx.machineClientId, token_use: 'access', scope: 'orders/read orders/write', version: 2, iss: fx.base });
    expect(claims.username).toBeUndefined();
    expect(Object.keys(claims).sort()).toEqual(['auth_time', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub', 'token_use', 'version']);

    const one = await oidc.clientCredentialsGrant(config, { scope: 'orders/write' });
    expect(decodeJwt(one.access_token).scope).toBe('orders/write');
    await expect(oidc.clientCredentialsGrant(config, { scope: 'openid' })).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses client credentials to a public client', async () => {
    const config = await discover(fx.publicClientId);
    await expect(oidc.clientCredentialsGrant(config, { scope: 'orders/read' })).rejects.toMatchObject({ error: 'unauthorized_client' });
  });

  it('puts every readable attribute in the ID token with openid alone, but releases only sub and username at userInfo', async () => {
    const config = await discover(fx.publicClientId);
    const state = oidc.randomState();
    const callback = await authorize(config, { redirect_uri: CALLBACK, scope: 'openid', state });
    // openid-client verifies the ID token's signature against jwks_uri; a bad signature throws.
    const tokens = await oidc.authorizationCodeGrant(config, callback, { expectedState: state });
    expect(tokens.claims()!.email).toBe('alice@example.com');
    expect(decodeJwt(tokens.access_token).scope).toBe('openid');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info).toEqual({ sub: tokens.claims()!.sub, username: 'alice' });
  });
});
