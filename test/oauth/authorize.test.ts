import { AdminDisableUserCommand, AdminEnableUserCommand, AdminUserGlobalSignOutCommand, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, CALLBACK, createFixture, navigate, redirectOf, signedIn } from './fixture.js';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

forEachEngine('the authorization endpoint', (server) => {
  let fx: OAuthFixture;
  let cookie: string;
  beforeAll(async () => {
    fx = await createFixture(server());
    cookie = await signedIn(server(), fx);
  });
  const code = (extra: Record<string, string> = {}) => ({ response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK, state: 'st-1', ...extra });

  it('sends a browser without a session to the sign-in page with the same query parameters', async () => {
    const url = authorizeUrl(fx, code({ scope: 'openid email', nonce: 'n-1' }));
    const res = await navigate(url);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/${fx.poolId}/login?${new URL(url).search.slice(1)}`);
  });

  it('answers a signed-in browser at once with a single-use code and the state', async () => {
    const { url, query } = redirectOf(await navigate(authorizeUrl(fx, code()), cookie));
    expect(url.startsWith(`${CALLBACK}?code=`)).toBe(true);
    expect(query.get('state')).toBe('st-1');
    expect(Buffer.from(query.get('code')!, 'base64url')).toHaveLength(32);
  });

  it('returns tokens in the fragment for the implicit grant, without a refresh token', async () => {
    const res = await navigate(authorizeUrl(fx, { ...code({ response_type: 'token', scope: 'openid profile', nonce: 'n-2' }) }), cookie);
    const { url, fragment } = redirectOf(res);
    expect(url.startsWith(`${CALLBACK}#`)).toBe(true);
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('expires_in')).toBe('3600');
    expect(fragment.get('state')).toBe('st-1');
    expect(fragment.get('refresh_token')).toBeNull();
    expect(decodeJwt(fragment.get('access_token')!)).toMatchObject({ version: 2, scope: 'openid profile' });
    expect(decodeJwt(fragment.get('id_token')!)).toMatchObject({ nonce: 'n-2', aud: fx.publicClientId });
  });

  it('accepts a registered loopback redirect URI on any port (RFC 8252) with S256 PKCE', async () => {
    const loopback = 'http://127.0.0.1:49152/callback';
    const { url } = redirectOf(await navigate(authorizeUrl(fx, code({ redirect_uri: loopback, code_challenge: CHALLENGE, code_challenge_method: 'S256' })), cookie));
    expect(url.startsWith(`${loopback}?code=`)).toBe(true);
  });

  it('refuses the port flexibility without S256 PKCE (any local process may listen there), and for the implicit grant', async () => {
    const loopback = 'http://127.0.0.1:49152/callback';
    const mismatch = `/${fx.poolId}/error?error=redirect_mismatch&client_id=${fx.publicClientId}`;
    expect(redirectOf(await navigate(authorizeUrl(fx, code({ redirect_uri: loopback })), cookie)).url).toBe(mismatch);
    expect(redirectOf(await navigate(authorizeUrl(fx, code({ redirect_uri: loopback, code_challenge: 'short', code_challenge_method: 'S256' })), cookie)).url).toBe(mismatch);
    const implicit = code({ response_type: 'token', redirect_uri: loopback, code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    expect(redirectOf(await navigate(authorizeUrl(fx, implicit), cookie)).url).toBe(mismatch);
    // The registered URI itself, exactly, needs no PKCE.
    expect(redirectOf(await navigate(authorizeUrl(fx, code({ redirect_uri: 'http://127.0.0.1/callback' })), cookie)).url.startsWith('http://127.0.0.1/callback?code=')).toBe(true);
  });

  it('does not stretch the loopback rule to other paths, other loopback names or other hosts', async () => {
    for (const redirect of ['http://127.0.0.1:49152/other', 'http://localhost:49152/callback', 'https://app.example:8443/callback']) {
      const { url } = redirectOf(await navigate(authorizeUrl(fx, code({ redirect_uri: redirect, code_challenge: CHALLENGE, code_challenge_method: 'S256' })), cookie));
      expect(url).toBe(`/${fx.poolId}/error?error=redirect_mismatch&client_id=${fx.publicClientId}`);
    }
  });

  it('grants all the client’s scopes when none are asked for', async () => {
    const { fragment } = redirectOf(await navigate(authorizeUrl(fx, code({ response_type: 'token' })), cookie));
    expect(decodeJwt(fragment.get('access_token')!).scope).toBe('openid email profile phone aws.cognito.signin.user.admin orders/read');
  });

  it('ignores known scopes the client is not allowed, and drops email, phone and profile without openid', async () => {
    const { fragment } = redirectOf(await navigate(authorizeUrl(fx, code({ response_type: 'token', scope: 'email orders/read orders/write' })), cookie));
    expect(decodeJwt(fragment.get('access_token')!).scope).toBe('orders/read');
    expect(fragment.get('id_token')).toBeNull();
  });

  it('refuses an unknown scope with invalid_scope', async () => {
    const { query } = redirectOf(await navigate(authorizeUrl(fx, code({ scope: 'openid orders/delete' })), cookie));
    expect(query.get('error')).toBe('invalid_scope');
    expect(query.get('state')).toBe('st-1');
  });

  it('never redirects for an unknown client: it sends the browser to the error page', async () => {
    const res = await navigate(authorizeUrl(fx, code({ client_id: 'nosuchclient0000000000000a' })), cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/${fx.poolId}/error?error=redirect_mismatch&client_id=nosuchclient0000000000000a`);
  });

  it('never redirects to an unregistered redirect URI', async () => {
    const res = await navigate(authorizeUrl(fx, code({ redirect_uri: 'https://evil.example/callback' })), cookie);
    expect(res.headers.get('location')).toBe(`/${fx.poolId}/error?error=redirect_mismatch&client_id=${fx.publicClientId}`);
    const missing = await navigate(`${fx.base}/oauth2/authorize?response_type=code&client_id=${fx.publicClientId}`);
    expect(missing.headers.get('location')).toContain('/error?error=redirect_mismatch');
  });

  it('redirects invalid_request for a missing response_type, plain PKCE, or a challenge without its method', async () => {
    const cases: Record<string, string>[] = [
      { response_type: '' },
      { code_challenge: CHALLENGE, code_challenge_method: 'plain' },
      { code_challenge: CHALLENGE },
      { code_challenge_method: 'S256' },
      { identity_provider: 'Google' },
      { prompt: 'none login' },
    ];
    for (const extra of cases) {
      const { url, query } = redirectOf(await navigate(authorizeUrl(fx, code(extra)), cookie));
      expect(url.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(query.get('error')).toBe('invalid_request');
      expect(query.get('state')).toBe('st-1');
    }
  });

  it('accepts identity_provider=COGNITO', async () => {
    const { query } = redirectOf(await navigate(authorizeUrl(fx, code({ identity_provider: 'COGNITO' })), cookie));
    expect(query.get('code')).toBeTruthy();
  });

  it('answers unauthorized_client when the client is not allowed the flow (in the fragment for response_type=token)', async () => {
    const { fragment, query } = redirectOf(
      await navigate(authorizeUrl(fx, { response_type: 'token', client_id: fx.confidentialClientId, redirect_uri: CALLBACK, state: 's' }), cookie),
    );
    expect(fragment.get('error')).toBe('unauthorized_client');
    expect(fragment.get('state')).toBe('s');
    expect(query.get('error')).toBeNull();
  });

  it('answers login_required for prompt=none without a session, and signs in again for prompt=login or an old sign-in', async () => {
    const none = redirectOf(await navigate(authorizeUrl(fx, code({ prompt: 'none' }))));
    expect(none.query.get('error')).toBe('login_required');
    expect(none.query.get('state')).toBe('st-1');
    const silent = redirectOf(await navigate(authorizeUrl(fx, code({ prompt: 'none' })), cookie));
    expect(silent.query.get('code')).toBeTruthy();

    const login = redirectOf(await navigate(authorizeUrl(fx, code({ prompt: 'login' })), cookie));
    expect(login.url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    const old = await signedIn(server(), fx, Math.floor(server().services.clock.now() / 1000) - 600);
    expect(redirectOf(await navigate(authorizeUrl(fx, code({ max_age: '300' })), old)).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    expect(redirectOf(await navigate(authorizeUrl(fx, code({ max_age: '3600' })), old)).query.get('code')).toBeTruthy();
  });

  it('ends the session when the user signs out everywhere or is disabled', async () => {
    const session = await signedIn(server(), fx);
    await server().cognito.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: fx.username }));
    expect(redirectOf(await navigate(authorizeUrl(fx, code()), session)).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    // Disabling ended the session on the server: enabling the user again does not revive it.
    await server().cognito.send(new AdminEnableUserCommand({ UserPoolId: fx.poolId, Username: fx.username }));
    expect(redirectOf(await navigate(authorizeUrl(fx, code()), session)).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);

    const again = await signedIn(server(), fx);
    expect(redirectOf(await navigate(authorizeUrl(fx, code()), again)).query.get('code')).toBeTruthy();
    await server().cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: fx.poolId, Username: fx.username }));
    expect(redirectOf(await navigate(authorizeUrl(fx, code()), again)).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    cookie = await signedIn(server(), fx, Math.floor(server().services.clock.now() / 1000));
  });

  it('does not accept a session of another pool or a forged cookie', async () => {
    const other = await createFixture(server());
    const theirs = await signedIn(server(), other);
    expect(redirectOf(await navigate(authorizeUrl(fx, code()), theirs)).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    expect(redirectOf(await navigate(authorizeUrl(fx, code()), 'cognito=v1.AAAA.BBBB.CCCC')).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
  });

  it('refuses a client that no longer allows OAuth flows', async () => {
    const other = await createFixture(server());
    await server().cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: other.poolId, ClientId: other.publicClientId, CallbackURLs: [CALLBACK], AllowedOAuthFlowsUserPoolClient: false }),
    );
    const { query } = redirectOf(await navigate(authorizeUrl(other, { response_type: 'code', client_id: other.publicClientId, redirect_uri: CALLBACK })));
    expect(query.get('error')).toBe('unauthorized_client');
  });

  it('answers 404 for a pool that does not exist', async () => {
    const res = await navigate(`${server().services.settings.publicUrl}/us-east-1_Nope12345/oauth2/authorize?client_id=x`);
    expect(res.status).toBe(404);
  });
});
