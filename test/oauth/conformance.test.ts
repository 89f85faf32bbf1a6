import { createHash } from 'node:crypto';
import { AdminCreateUserCommand, AdminDeleteUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { JWTPayload } from 'jose';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { createConfirmedUser, forEachEngine, json } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, basic, CALLBACK, createFixture, navigate, postForm, redirectOf } from './fixture.js';

/**
 * The checks of the OpenID Foundation's Basic OP certification plan (oidcc-basic-certification-test-plan)
 * and the OP duties of OIDC Core they rest on, each as its own test against the real server. Every
 * sign-in here goes through the hosted form, as the suite's browser would. docs/security.md maps each
 * module to its test.
 */

const clock = new ManualClock(Date.now());
const nowSeconds = () => Math.floor(clock.now() / 1000);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

forEachEngine(
  'OIDC Basic OP conformance checks',
  (server) => {
    let fx: OAuthFixture;
    let tokenUrl: string;
    beforeAll(async () => {
      fx = await createFixture(server());
      tokenUrl = `${fx.base}/oauth2/token`;
    });

    /** The confidential client's authorization request, as the suite sends it (code, client_secret_basic). */
    const request = (extra: Record<string, string> = {}) =>
      authorizeUrl(fx, { response_type: 'code', client_id: fx.confidentialClientId, redirect_uri: CALLBACK, scope: 'openid email', state: 'st', ...extra });

    /** Follows the authorization request; signs in on the form when it is shown. Returns the callback's query. */
    async function authorize(browser: FormBrowser, url: string, username = fx.username, password = fx.password): Promise<URLSearchParams> {
      let page = await browser.follow(await browser.get(url));
      if (page.url.includes('/login?') && !page.location) page = await browser.submit(page, 'cognitoSignInForm', { username, password });
      expect(page.location, `no redirect back to the client from ${page.url} (${page.status})`).toBeDefined();
      const back = new URL(page.location!);
      expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
      return back.searchParams;
    }
    /** Whether the request showed the sign-in form rather than answering from the session. */
    async function showsSignIn(browser: FormBrowser, url: string): Promise<boolean> {
      const page = await browser.follow(await browser.get(url));
      return page.status === 200 && page.url.includes('/login?');
    }
    const exchange = async (code: string, clientId = fx.confidentialClientId, secret = fx.confidentialSecret) => {
      const res = await postForm(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, { authorization: basic(clientId, secret) });
      expect(res.status).toBe(200);
      return json(res);
    };
    async function verifiedIdToken(idToken: string, audience = fx.confidentialClientId): Promise<JWTPayload> {
      const jwks = await json(await fetch(`${fx.base}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), {
        issuer: fx.base,
        audience,
        algorithms: ['RS256'],
        currentDate: new Date(clock.now()),
      });
      return payload;
    }
    const userInfo = (accessToken: string) => fetch(`${fx.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

    it('oidcc-server, oidcc-idtoken-signature: a code flow whose ID token is RS256-signed by a key in jwks_uri and carries every required claim', async () => {
      const query = await authorize(new FormBrowser(), request({ nonce: 'n-server' }));
      expect(query.get('state')).toBe('st');
      const tokens = await exchange(query.get('code')!);
      expect(decodeProtectedHeader(tokens.id_token)).toMatchObject({ alg: 'RS256' });
      const id = await verifiedIdToken(tokens.id_token);
      for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time']) expect(id[claim], claim).toBeDefined();
      expect(id.aud).toBe(fx.confidentialClientId);
      expect(id.nonce).toBe('n-server');
      expect(id.sub).toMatch(UUID);
      expect(Number(id.exp)).toBeGreaterThan(Number(id.iat));
      // at_hash is optional in the code flow; when present it must be right (§3.1.3.6).
      expect(id.at_hash).toBe(createHash('sha256').update(tokens.access_token).digest().subarray(0, 16).toString('base64url'));
      // A signature that does not verify is refused by the same check.
      const [h, p, s] = tokens.id_token.split('.');
      await expect(verifiedIdToken(`${h}.${p}.${s.slice(0, -4)}AAAA`)).rejects.toThrow();
    });

    it('oidcc-ensure-post-request-succeeds: an authorization request sent as a form POST signs in and returns a code like GET', async () => {
      const browser = new FormBrowser();
      const params = Object.fromEntries(new URL(request({ nonce: 'n-post' })).searchParams);
      const posted = await browser.request(`${fx.base}/oauth2/authorize`, { method: 'POST', form: params });
      // 303, so that the browser follows with a GET and never repeats the POST (RFC 9700 §4.12).
      expect(posted.status).toBe(303);
      let page = await browser.follow(posted);
      expect(page.url).toContain('/login?');
      page = await browser.submit(page, 'cognitoSignInForm', { username: fx.username, password: fx.password });
      const back = new URL(page.location!);
      expect(back.searchParams.get('state')).toBe('st');
      const id = await verifiedIdToken((await exchange(back.searchParams.get('code')!)).id_token);
      expect(id.nonce).toBe('n-post');
      // Signed in now: a second POST answers from the session at once.
      const again = await browser.request(`${fx.base}/oauth2/authorize`, { method: 'POST', form: { ...params, state: 'st2' } });
      expect(again.status).toBe(303);
      expect(new URL(again.location!).searchParams.get('state')).toBe('st2');
      // Errors for an unknown client still go to the error page, never to the redirect URI.
      const unknown = await browser.request(`${fx.base}/oauth2/authorize`, { method: 'POST', form: { ...params, client_id: 'nosuchclient' } });
      expect(new URL(unknown.location!).origin).toBe(new URL(fx.base).origin);
    });

    it('oidcc-idtoken-unsigned: advertises RS256 only and never signs with alg none', async () => {
      const meta = await json(await fetch(`${fx.base}/.well-known/openid-configuration`));
      expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256']);
      const jwks = await json(await fetch(meta.jwks_uri));
      for (const key of jwks.keys) expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    });

    it('oidcc-userinfo-get: userInfo answers JSON whose sub is the ID token’s', async () => {
      const tokens = await exchange((await authorize(new FormBrowser(), request())).get('code')!);
      const res = await userInfo(tokens.access_token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await json(res)).sub).toBe(decodeJwt(tokens.id_token).sub);
    });

    it('oidcc-scope-email, oidcc-scope-phone, oidcc-scope-profile: userInfo releases the claims of each scope and no others', async () => {
      await createConfirmedUser(server().cognito, fx.poolId, 'carol', 'Correct-horse-2', [
        { Name: 'email', Value: 'carol@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+15555550100' },
        { Name: 'phone_number_verified', Value: 'true' },
        { Name: 'name', Value: 'Carol' },
        { Name: 'given_name', Value: 'Carol' },
      ]);
      const browser = new FormBrowser();
      const claimsFor = async (scope: string) => {
        const url = authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK, scope });
        const code = (await authorize(browser, url, 'carol', 'Correct-horse-2')).get('code')!;
        const tokens = await json(await postForm(tokenUrl, { grant_type: 'authorization_code', client_id: fx.publicClientId, code, redirect_uri: CALLBACK }));
        const info = await json(await userInfo(tokens.access_token));
        expect(info.sub).toBe(decodeJwt(tokens.id_token).sub);
        const { sub: _sub, username: _username, ...rest } = info;
        return rest;
      };
      expect(await claimsFor('openid email')).toEqual({ email: 'carol@example.com', email_verified: 'true' });
      expect(await claimsFor('openid phone')).toEqual({ phone_number: '+15555550100', phone_number_verified: 'true' });
      const profile = await claimsFor('openid profile');
      expect(profile).toMatchObject({ name: 'Carol', given_name: 'Carol' });
      expect(await claimsFor('openid email phone profile')).toMatchObject({ email: 'carol@example.com', phone_number: '+15555550100', name: 'Carol' });
    });

    it('oidcc-scope-address, oidcc-scope-all: address is not a scope here (Cognito has none), so the suite skips them; asking for it is invalid_scope', async () => {
      const meta = await json(await fetch(`${fx.base}/.well-known/openid-configuration`));
      expect(meta.scopes_supported).not.toContain('address');
      const query = await authorize(new FormBrowser(), request({ scope: 'openid address' }));
      expect(query.get('error')).toBe('invalid_scope');
      expect(query.get('state')).toBe('st');
    });

    it('oidcc-ensure-other-scope-order-succeeds: the order of scopes changes nothing', async () => {
      const browser = new FormBrowser();
      const first = await exchange((await authorize(browser, request({ scope: 'openid email' }))).get('code')!);
      const second = await exchange((await authorize(browser, request({ scope: 'email openid' }))).get('code')!);
      expect(decodeJwt(second.id_token).email).toBe('alice@example.com');
      expect(new Set(String(decodeJwt(second.access_token).scope).split(' '))).toEqual(new Set(String(decodeJwt(first.access_token).scope).split(' ')));
    });

    it('oidcc-display-page, oidcc-display-popup, oidcc-ui-locales, oidcc-claims-locales, oidcc-login-hint, oidcc-ensure-request-with-acr-values-succeeds, oidcc-ensure-request-with-unknown-parameter-succeeds, oidcc-claims-essential: these parameters never break the request', async () => {
      const extras: Record<string, string>[] = [
        { display: 'page' },
        { display: 'popup' },
        { ui_locales: 'se fr-CA en' },
        { claims_locales: 'de' },
        { login_hint: fx.username },
        { acr_values: '1 2' },
        { extra: 'foobar', 'x-unknown': '' },
        { claims: JSON.stringify({ userinfo: { name: { essential: true } }, id_token: { auth_time: { essential: true } } }) },
      ];
      for (const extra of extras) {
        // Without a session the sign-in form is shown and signing in finishes the request;
        const browser = new FormBrowser();
        const query = await authorize(browser, request(extra));
        expect(query.get('code'), JSON.stringify(extra)).toMatch(/^[\w-]{43}$/);
        expect(query.get('state')).toBe('st');
        // with one, the same request is answered at once.
        expect((await authorize(browser, request(extra))).get('code'), JSON.stringify(extra)).toMatch(/^[\w-]{43}$/);
        const tokens = await exchange(query.get('code')!);
        expect((await verifiedIdToken(tokens.id_token)).auth_time).toBeDefined();
      }
    });

    it('oidcc-prompt-login: prompt=login shows the form again to a signed-in user, and the new ID token has a later auth_time', async () => {
      const browser = new FormBrowser();
      const first = await verifiedIdToken((await exchange((await authorize(browser, request())).get('code')!)).id_token);
      clock.advance(2000);
      expect(await showsSignIn(browser, request({ prompt: 'login' }))).toBe(true);
      const again = await verifiedIdToken((await exchange((await authorize(browser, request({ prompt: 'login' }))).get('code')!)).id_token);
      expect(again.sub).toBe(first.sub);
      expect(Number(again.auth_time)).toBeGreaterThan(Number(first.auth_time));
      expect(again.auth_time).toBe(nowSeconds());
    });

    it('oidcc-prompt-none-not-logged-in, oidcc-prompt-none-logged-in: login_required without a session, a code at once with one', async () => {
      const browser = new FormBrowser();
      const none = await browser.get(request({ prompt: 'none' }));
      const bounced = new URL(none.location!);
      expect(`${bounced.origin}${bounced.pathname}`).toBe(CALLBACK);
      expect(bounced.searchParams.get('error')).toBe('login_required');
      expect(bounced.searchParams.get('state')).toBe('st');
      await authorize(browser, request());
      const silent = await browser.get(request({ prompt: 'none' }));
      expect(new URL(silent.location!).searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    });

    it('oidcc-max-age-1, oidcc-max-age-10000: an older sign-in than max_age is repeated, a recent one is not; auth_time is always in the ID token', async () => {
      const browser = new FormBrowser();
      const first = await verifiedIdToken((await exchange((await authorize(browser, request())).get('code')!)).id_token);
      clock.advance(2000);
      expect(await showsSignIn(browser, request({ max_age: '1' }))).toBe(true);
      const within = await verifiedIdToken((await exchange((await authorize(browser, request({ max_age: '10000' }))).get('code')!)).id_token);
      expect(within.auth_time).toBe(first.auth_time);
      const renewed = await verifiedIdToken((await exchange((await authorize(browser, request({ max_age: '1' }))).get('code')!)).id_token);
      expect(Number(renewed.auth_time)).toBeGreaterThan(Number(first.auth_time));
    });

    it('oidcc-id-token-hint: an ID token as id_token_hint with prompt=none gets a code for the same user', async () => {
      const browser = new FormBrowser();
      const first = await exchange((await authorize(browser, request())).get('code')!);
      const hinted = await browser.get(request({ prompt: 'none', id_token_hint: first.id_token }));
      const code = new URL(hinted.location!).searchParams.get('code');
      expect(code).toMatch(/^[\w-]{43}$/);
      expect(decodeJwt((await exchange(code!)).id_token).sub).toBe(decodeJwt(first.id_token).sub);
    });

    it('oidcc-codereuse-30seconds: a code replayed 30 s later is invalid_grant and the tokens of its first use stop working', async () => {
      const code = (await authorize(new FormBrowser(), request())).get('code')!;
      const tokens = await exchange(code);
      expect((await userInfo(tokens.access_token)).status).toBe(200);
      clock.advance(30_000);
      const replay = await postForm(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) });
      expect(replay.status).toBe(400);
      expect(await json(replay)).toMatchObject({ error: 'invalid_grant' });
      expect((await userInfo(tokens.access_token)).status).toBe(401);
    });

    it('oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported, oidcc-request-uri-unsigned-…, oidcc-ensure-request-object-with-redirect-uri: request objects are refused as unsupported, as discovery says', async () => {
      const meta = await json(await fetch(`${fx.base}/.well-known/openid-configuration`));
      expect(meta.request_parameter_supported).toBe(false);
      expect(meta.request_uri_parameter_supported).toBe(false);
      const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ client_id: fx.confidentialClientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' })).toString('base64url');
      const browser = new FormBrowser();
      const object = new URL((await browser.get(request({ request: `${header}.${payload}.` }))).location!);
      expect(object.searchParams.get('error')).toBe('request_not_supported');
      expect(object.searchParams.get('state')).toBe('st');
      const byUri = new URL((await browser.get(request({ request_uri: 'https://app.example/request.jwt' }))).location!);
      expect(byUri.searchParams.get('error')).toBe('request_uri_not_supported');
    });

    it('oidcc-refresh-token: a refresh gives a new ID token for the same subject, and another client cannot use the refresh token', async () => {
      const tokens = await exchange((await authorize(new FormBrowser(), request())).get('code')!);
      const stolen = await postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: fx.publicClientId });
      expect(stolen.status).toBe(400);
      expect(await json(stolen)).toMatchObject({ error: 'invalid_grant' });
      const res = await postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const refreshed = await json(res);
      const before = await verifiedIdToken(tokens.id_token);
      const after = await verifiedIdToken(refreshed.id_token);
      expect(after).toMatchObject({ iss: before.iss, sub: before.sub, aud: before.aud, auth_time: before.auth_time });
      expect((await userInfo(refreshed.access_token)).status).toBe(200);
    });

    it('OIDC Core §2: sub is never reassigned, even to a new user of the same name', async () => {
      await createConfirmedUser(server().cognito, fx.poolId, 'dave', 'Correct-horse-3');
      const before = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: 'dave' }));
      await server().cognito.send(new AdminDeleteUserCommand({ UserPoolId: fx.poolId, Username: 'dave' }));
      await server().cognito.send(new AdminCreateUserCommand({ UserPoolId: fx.poolId, Username: 'dave', MessageAction: 'SUPPRESS' }));
      const after = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: 'dave' }));
      const sub = (r: typeof before) => r.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
      expect(sub(before)).toMatch(UUID);
      expect(sub(after)).toMatch(UUID);
      expect(sub(after)).not.toBe(sub(before));
    });

    it('OIDC Core §2, §3.2.2.10: the ID token of response_type=token keeps the nonce and an at_hash of its access token', async () => {
      const browser = new FormBrowser();
      await authorize(browser, request());
      const url = authorizeUrl(fx, { response_type: 'token', client_id: fx.publicClientId, redirect_uri: CALLBACK, scope: 'openid', nonce: 'n-implicit', state: 's' });
      const back = new URL((await browser.get(url)).location!);
      const fragment = new URLSearchParams(back.hash.slice(1));
      const id = await verifiedIdToken(fragment.get('id_token')!, fx.publicClientId);
      expect(id.nonce).toBe('n-implicit');
      expect(id.at_hash).toBe(createHash('sha256').update(fragment.get('access_token')!).digest().subarray(0, 16).toString('base64url'));
    });

    it('OIDC Core §3.1.2.1: the sign-in form is reached only through a checked request: an unregistered redirect URI never gets a code', async () => {
      const browser = new FormBrowser();
      await authorize(browser, request());
      const evil = await navigate(request({ redirect_uri: 'https://app.example/callback/../evil' }), browser.cookieHeader());
      expect(redirectOf(evil).url).toBe(`/${fx.poolId}/error?error=redirect_mismatch&client_id=${fx.confidentialClientId}`);
    });
  },
  { clock },
);
