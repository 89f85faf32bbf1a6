import { createHash } from 'node:crypto';
import { DescribeUserPoolClientCommand, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { applySeed } from '../../src/api/seed.js';
import { checkAuthorizationRequest, completeAuthorization } from '../../src/core/oauth/authorize.js';
import { getPool } from '../../src/core/pool/pools.js';
import { getUser } from '../../src/core/user/users.js';
import { forEachEngine, json } from '../helpers/server.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, basic, CALLBACK, createFixture, navigate, postForm, redirectOf, signedIn } from './fixture.js';

const VERIFIER = 'dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

forEachEngine('the token endpoint', (server) => {
  let fx: OAuthFixture;
  let cookie: string;
  let tokenUrl: string;
  beforeAll(async () => {
    fx = await createFixture(server());
    cookie = await signedIn(server(), fx);
    tokenUrl = `${fx.base}/oauth2/token`;
  });

  async function codeFor(clientId: string, extra: Record<string, string> = {}): Promise<string> {
    const res = await navigate(authorizeUrl(fx, { response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid email', ...extra }), cookie);
    const code = redirectOf(res).query.get('code');
    if (!code) throw new Error(`no code: ${res.headers.get('location')}`);
    return code;
  }
  const exchange = (code: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    postForm(tokenUrl, { grant_type: 'authorization_code', client_id: fx.publicClientId, code, redirect_uri: CALLBACK, ...extra }, headers);
  const userInfo = (accessToken: string) => fetch(`${fx.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('exchanges a code for ID, access and refresh tokens, uncacheable', async () => {
    const res = await exchange(await codeFor(fx.publicClientId, { code_challenge: CHALLENGE, code_challenge_method: 'S256', nonce: 'abc' }), { code_verifier: VERIFIER });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    expect(decodeJwt(body.id_token)).toMatchObject({ nonce: 'abc', token_use: 'id' });
  });

  it('completes an authorization for a user the sign-in page signed in', async () => {
    const services = server().services;
    const pool = await getPool(services, fx.poolId);
    const check = await checkAuthorizationRequest(services, pool, { responseType: 'code', clientId: fx.publicClientId, redirectUri: CALLBACK, scope: 'openid', state: 'z' });
    if (check.kind !== 'valid') throw new Error(`unexpected ${check.kind}`);
    const user = await getUser(services, pool, fx.username);
    const response = await completeAuthorization(services, { pool, client: check.client, user, authTime: Math.floor(services.clock.now() / 1000), request: check.request });
    expect(response).toMatchObject({ redirectUri: CALLBACK, mode: 'query', result: { kind: 'code', state: 'z' } });
    if (response.result.kind !== 'code') throw new Error(`unexpected ${response.result.kind}`);
    const tokens = await json(await exchange(response.result.code));
    expect(decodeJwt(tokens.access_token)).toMatchObject({ scope: 'openid', username: fx.username });
  });

  it('refuses a replayed code and revokes every token the first exchange produced', async () => {
    const code = await codeFor(fx.publicClientId);
    const first = await json(await exchange(code));
    expect((await userInfo(first.access_token)).status).toBe(200);
    const replay = await exchange(code);
    expect(replay.status).toBe(400);
    expect(await json(replay)).toMatchObject({ error: 'invalid_grant' });
    expect((await userInfo(first.access_token)).status).toBe(401);
    const refresh = await postForm(tokenUrl, { grant_type: 'refresh_token', client_id: fx.publicClientId, refresh_token: first.refresh_token });
    expect(await json(refresh)).toMatchObject({ error: 'invalid_grant' });
  });

  it('requires the PKCE verifier when a challenge was sent, and the right one', async () => {
    const code = await codeFor(fx.publicClientId, { code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    expect(await json(await exchange(code))).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await exchange(code, { code_verifier: 'x'.repeat(43) }))).toMatchObject({ error: 'invalid_grant' });
    // Failed checks do not burn the code: the rightful client still gets its tokens.
    expect((await exchange(code, { code_verifier: VERIFIER })).status).toBe(200);
  });

  it('refuses a verifier when the authorization request had no challenge (PKCE downgrade)', async () => {
    const code = await codeFor(fx.publicClientId);
    expect(await json(await exchange(code, { code_verifier: VERIFIER }))).toMatchObject({ error: 'invalid_grant' });
  });

  it('binds the code to its redirect URI and its client', async () => {
    const code = await codeFor(fx.publicClientId);
    expect(await json(await exchange(code, { redirect_uri: 'http://127.0.0.1/callback' }))).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await postForm(tokenUrl, { grant_type: 'authorization_code', client_id: fx.publicClientId, code }))).toMatchObject({ error: 'invalid_request' });
    const stolen = await postForm(
      tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) },
    );
    expect(await json(stolen)).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await exchange('not-a-code'))).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers invalid_client with 401 and a Basic challenge when HTTP Basic fails, and 400 otherwise', async () => {
    const code = await codeFor(fx.confidentialClientId);
    const viaBasic = await postForm(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, { authorization: basic(fx.confidentialClientId, 'wrong') });
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await json(viaBasic)).toMatchObject({ error: 'invalid_client' });

    const viaBody = await postForm(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: fx.confidentialClientId, client_secret: 'wrong' });
    expect(viaBody.status).toBe(400);
    expect(await json(viaBody)).toMatchObject({ error: 'invalid_client' });
    const noSecret = await postForm(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: fx.confidentialClientId });
    expect(await json(noSecret)).toMatchObject({ error: 'invalid_client' });
    const unknown = await postForm(tokenUrl, { grant_type: 'client_credentials', client_id: 'nosuchclient0000000000000a' });
    expect(await json(unknown)).toMatchObject({ error: 'invalid_client' });
    const twoMethods = await postForm(
      tokenUrl,
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_secret: fx.confidentialSecret },
      { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) },
    );
    expect(await json(twoMethods)).toMatchObject({ error: 'invalid_request' });
    // None of that used the code up.
    const ok = await postForm(tokenUrl, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) });
    expect(ok.status).toBe(200);
  });

  it('answers unsupported_grant_type for grants Cognito does not have, the password grant included', async () => {
    for (const grant of ['password', 'urn:ietf:params:oauth:grant-type:device_code', 'implicit']) {
      const res = await postForm(tokenUrl, { grant_type: grant, client_id: fx.publicClientId, username: fx.username, password: fx.password });
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({ error: 'unsupported_grant_type' });
    }
    expect(await json(await postForm(tokenUrl, { client_id: fx.publicClientId }))).toMatchObject({ error: 'invalid_request' });
  });

  it('requires a form-encoded body', async () => {
    const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials' }) });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ error: 'invalid_request' });
    const xml = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<x/>' });
    expect(await json(xml)).toMatchObject({ error: 'invalid_request' });
    const repeated = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&grant_type=password' });
    expect(await json(repeated)).toMatchObject({ error: 'invalid_request' });
  });

  it('rotates refresh tokens when the client enables rotation', async () => {
    const other = await createFixture(server(), { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    const otherCookie = await signedIn(server(), other);
    const res = await navigate(authorizeUrl(other, { response_type: 'code', client_id: other.publicClientId, redirect_uri: CALLBACK, scope: 'openid profile' }), otherCookie);
    const code = redirectOf(res).query.get('code')!;
    const first = await json(await postForm(`${other.base}/oauth2/token`, { grant_type: 'authorization_code', client_id: other.publicClientId, code, redirect_uri: CALLBACK }));
    const second = await json(await postForm(`${other.base}/oauth2/token`, { grant_type: 'refresh_token', client_id: other.publicClientId, refresh_token: first.refresh_token }));
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).scope).toBe('openid profile');
    const third = await json(await postForm(`${other.base}/oauth2/token`, { grant_type: 'refresh_token', client_id: other.publicClientId, refresh_token: second.refresh_token }));
    expect(decodeJwt(third.access_token).scope).toBe('openid profile');
    const reused = await postForm(`${other.base}/oauth2/token`, { grant_type: 'refresh_token', client_id: other.publicClientId, refresh_token: first.refresh_token });
    expect(await json(reused)).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses client credentials to a client without that flow and scopes the client is not allowed', async () => {
    const auth = { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) };
    expect(await json(await postForm(tokenUrl, { grant_type: 'client_credentials' }, auth))).toMatchObject({ error: 'unauthorized_client' });
    const machine = { authorization: basic(fx.machineClientId, fx.machineSecret) };
    expect(await json(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'orders/delete' }, machine))).toMatchObject({ error: 'invalid_scope' });
    const post = await postForm(tokenUrl, { grant_type: 'client_credentials', client_id: fx.machineClientId, client_secret: fx.machineSecret, scope: 'orders/read' });
    expect(Object.keys(await json(post)).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
  });

  it('revokes refresh tokens only: access tokens are unsupported_token_type, unknown tokens succeed quietly', async () => {
    const tokens = await json(await exchange(await codeFor(fx.publicClientId)));
    const revokeUrl = `${fx.base}/oauth2/revoke`;
    expect(await json(await postForm(revokeUrl, { client_id: fx.publicClientId, token: tokens.access_token }))).toMatchObject({ error: 'unsupported_token_type' });
    expect(await json(await postForm(revokeUrl, { client_id: fx.publicClientId }))).toMatchObject({ error: 'invalid_request' });
    const unknown = await postForm(revokeUrl, { client_id: fx.publicClientId, token: 'whatever' });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe('');
    const wrongClient = await postForm(revokeUrl, { token: tokens.refresh_token }, { authorization: basic(fx.confidentialClientId, 'nope') });
    expect(wrongClient.status).toBe(401);
    const ok = await postForm(revokeUrl, { client_id: fx.publicClientId, token: tokens.refresh_token });
    expect(ok.status).toBe(200);
    expect((await userInfo(tokens.access_token)).status).toBe(401);
  });

  it('gives user tokens for a password only to a client a seed marks CognateAllowPasswordGrant, which the API never shows', async () => {
    const poolId = 'us-east-1_PwGrant01';
    const clientId = 'passwordgrantclient0000001';
    await applySeed(server().services, {
      UserPools: [
        {
          Id: poolId,
          PoolName: 'password-grant',
          Clients: [
            {
              ClientId: clientId,
              ClientName: 'ci',
              CognateAllowPasswordGrant: true,
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email'],
              CallbackURLs: [CALLBACK],
            },
          ],
          Users: [{ Username: 'ci-user', Password: 'Passw0rd!', Attributes: { email: 'ci@example.com' } }],
        },
      ],
    });
    const url = `${server().services.settings.publicUrl}/${poolId}/oauth2/token`;
    const ok = await postForm(url, { grant_type: 'password', client_id: clientId, username: 'ci-user', password: 'Passw0rd!' });
    const body = await json(ok);
    expect(ok.status).toBe(200);
    expect(decodeJwt(body.access_token)).toMatchObject({ scope: 'openid email', username: 'ci-user', version: 2 });
    expect(decodeJwt(body.id_token).email).toBe('ci@example.com');
    const refreshed = await json(await postForm(url, { grant_type: 'refresh_token', client_id: clientId, refresh_token: body.refresh_token }));
    expect(decodeJwt(refreshed.access_token).scope).toBe('openid email');
    const wrong = await postForm(url, { grant_type: 'password', client_id: clientId, username: 'ci-user', password: 'nope' });
    expect(await json(wrong)).toEqual({ error: 'invalid_grant', error_description: 'Incorrect username or password.' });

    const described = await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    const raw = await fetch(`${server().url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPoolClient' },
      body: JSON.stringify({ UserPoolId: poolId, ClientId: clientId }),
    });
    expect(JSON.stringify(await json(raw))).not.toContain('Cognate');
    // An update replaces Cognito's settings but keeps the extension.
    await server().cognito.send(
      new UpdateUserPoolClientCommand({ ...described.UserPoolClient!, CreationDate: undefined, LastModifiedDate: undefined, ClientSecret: undefined } as never),
    );
    expect((await postForm(url, { grant_type: 'password', client_id: clientId, username: 'ci-user', password: 'Passw0rd!' })).status).toBe(200);

    // The API's lockout applies: after repeated failures even the right password is refused for a while.
    for (let i = 0; i < 8; i++) await postForm(url, { grant_type: 'password', client_id: clientId, username: 'ci-user', password: 'wrong' });
    const locked = await postForm(url, { grant_type: 'password', client_id: clientId, username: 'ci-user', password: 'Passw0rd!' });
    expect(await json(locked)).toEqual({ error: 'invalid_grant', error_description: 'Password attempts exceeded' });
  });
});
