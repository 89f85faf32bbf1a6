import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { applySeed } from '../../src/api/seed.js';
import { ManualClock } from '../../src/core/providers.js';
import { forEachEngine, json } from '../helpers/server.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, basic, CALLBACK, createFixture, hostRequest, navigate, postForm, redirectOf, signedIn } from './fixture.js';

/**
 * RFC 9700 (OAuth 2.0 Security BCP) and RFC 6749 §10 duties of the authorization server that no
 * other suite proves on its own. docs/security.md maps every requirement to its test.
 */

const clock = new ManualClock(Date.now());
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

forEachEngine(
  'RFC 9700 and RFC 6749 §10 at the authorization server',
  (server) => {
    let fx: OAuthFixture;
    let cookie: string;
    let tokenUrl: string;
    beforeAll(async () => {
      // One-hour refresh tokens, so that their expiry can be reached by the clock.
      fx = await createFixture(server(), { RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } });
      cookie = await signedIn(server(), fx);
      tokenUrl = `${fx.base}/oauth2/token`;
    });
    const codeRequest = (extra: Record<string, string> = {}) => ({ response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK, state: 's', ...extra });
    async function tokens(scope = 'openid email'): Promise<Record<string, string>> {
      const code = redirectOf(await navigate(authorizeUrl(fx, codeRequest({ scope })), cookie)).query.get('code')!;
      const res = await postForm(tokenUrl, { grant_type: 'authorization_code', client_id: fx.publicClientId, code, redirect_uri: CALLBACK });
      expect(res.status).toBe(200);
      return json(res);
    }
    const userInfo = (accessToken: string) => fetch(`${fx.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
      postForm(tokenUrl, { grant_type: 'refresh_token', client_id: fx.publicClientId, refresh_token: refreshToken, ...extra });

    it('§4.1.3: compares redirect URIs as exact strings; no variant of a registered one is taken', async () => {
      const variants = [
        'https://APP.example/callback',
        'HTTPS://app.example/callback',
        'https://app.example/Callback',
        'https://app.example/callback/',
        'https://app.example/callback?x=1',
        'https://app.example/callback#frag',
        'https://app.example/callback/../callback',
        'https://app.example/%63allback',
        'https://app.example:443/callback',
        'http://app.example/callback',
        'https://app.example.evil.example/callback',
        'https://evil.example@app.example/callback',
        'https://app.example@evil.example/callback',
        'https://app.example/callback%00',
        ' https://app.example/callback',
        'https://app.example/callback ',
        '//app.example/callback',
        'https://app.example//callback',
        'https://app.example/callback;x',
        'https://app.example/callback\\..\\evil',
      ];
      for (const redirect of variants) {
        const res = await navigate(authorizeUrl(fx, codeRequest({ redirect_uri: redirect })), cookie);
        expect(res.status, redirect).toBe(302);
        expect(res.headers.get('location'), redirect).toBe(`/${fx.poolId}/error?error=redirect_mismatch&client_id=${fx.publicClientId}`);
      }
    });

    it('§2.1, §4.11: never sends the browser off-site for an error before the client and redirect URI are known to match', async () => {
      // Even an error about another parameter goes to the error page when the redirect URI is not registered.
      const extras: Record<string, string>[] = [{ response_type: 'bogus' }, { scope: 'nosuch' }, { prompt: 'none' }, { code_challenge_method: 'plain' }];
      for (const extra of extras) {
        const res = await navigate(authorizeUrl(fx, codeRequest({ redirect_uri: 'https://evil.example/cb', ...extra })));
        expect(res.headers.get('location')).toBe(`/${fx.poolId}/error?error=redirect_mismatch&client_id=${fx.publicClientId}`);
      }
    });

    it('§2.2.2: a refresh token is bound to its client and to the scopes granted; asking for more changes nothing', async () => {
      const issued = await tokens('openid email');
      const other = await postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: issued.refresh_token }, { authorization: basic(fx.confidentialClientId, fx.confidentialSecret) });
      expect(await json(other)).toMatchObject({ error: 'invalid_grant' });
      const wider = await json(await refresh(issued.refresh_token, { scope: 'openid email profile orders/read' }));
      expect(decodeJwt(wider.access_token ?? '').scope).toBe('openid email');
    });

    it('§2.2.2, RFC 6749 §10.4: a refresh token that is unknown, altered or past its lifetime gets invalid_grant', async () => {
      const issued = await tokens();
      const parts = issued.refresh_token.split('.');
      parts[1] = randomBytes(192).toString('base64url');
      expect(await json(await refresh(parts.join('.')))).toMatchObject({ error: 'invalid_grant' });
      expect(await json(await refresh('not-a-refresh-token'))).toMatchObject({ error: 'invalid_grant' });
      clock.advance(59 * 60_000);
      expect((await refresh(issued.refresh_token)).status).toBe(200);
      clock.advance(2 * 60_000);
      expect(await json(await refresh(issued.refresh_token))).toMatchObject({ error: 'invalid_grant' });
      cookie = await signedIn(server(), fx);
    });

    it('RFC 6749 §10.10: codes, refresh tokens and client secrets are random far beyond 2^-160 odds, and never repeat', async () => {
      const codes = new Set<string>();
      for (let i = 0; i < 5; i++) codes.add(redirectOf(await navigate(authorizeUrl(fx, codeRequest()), cookie)).query.get('code')!);
      expect(codes.size).toBe(5);
      for (const code of codes) expect(Buffer.from(code, 'base64url')).toHaveLength(32);

      const a = (await tokens()).refresh_token.split('.');
      const b = (await tokens()).refresh_token.split('.');
      expect(a).toHaveLength(5);
      // The first part is a fixed JWE-style header; the four others are fresh random bytes.
      expect(a[0]).toBe(b[0]);
      const randomBits = a.slice(1).reduce((n, p) => n + Buffer.from(p, 'base64url').length * 8, 0);
      expect(randomBits).toBeGreaterThanOrEqual(160);
      for (let i = 1; i < 5; i++) expect(a[i]).not.toBe(b[i]);

      // 51 characters from 36 is about 263 bits.
      expect(fx.confidentialSecret).toMatch(/^[a-z0-9]{51}$/);
      expect(fx.machineSecret).not.toBe(fx.confidentialSecret);
    });

    it('§4.15.1: a client id can never be a user’s sub: subs are UUIDs, client ids cannot contain a hyphen', async () => {
      const user = decodeJwt((await tokens()).access_token);
      expect(user.sub).toMatch(UUID);
      const machine = await json(await postForm(tokenUrl, { grant_type: 'client_credentials' }, { authorization: basic(fx.machineClientId, fx.machineSecret) }));
      const claims = decodeJwt(machine.access_token);
      expect(claims.sub).toBe(fx.machineClientId);
      expect(claims.sub).toMatch(/^[a-z0-9]{26}$/);
      expect(claims.username).toBeUndefined();
      const uuidId = '0b5f2a46-6c1e-4a53-9d0e-1f7c3b9e2a10';
      await expect(
        applySeed(server().services, { UserPools: [{ Id: 'us-east-1_Collide01', PoolName: 'collide', Clients: [{ ClientId: uuidId, ClientName: 'x' }] }] }),
      ).rejects.toThrow();
      // A machine token is no user's token.
      expect((await userInfo(machine.access_token)).status).toBe(401);
    });

    it('§2.3, RFC 6749 §10.3: userInfo takes only this pool’s valid access tokens: not an ID token, another pool’s token, or a forged one', async () => {
      const issued = await tokens();
      expect((await userInfo(issued.access_token)).status).toBe(200);
      expect((await userInfo(issued.id_token)).status).toBe(401);

      const other = await createFixture(server());
      const theirs = await json(
        await postForm(
          `${other.base}/oauth2/token`,
          { grant_type: 'authorization_code', client_id: other.publicClientId, redirect_uri: CALLBACK, code: redirectOf(await navigate(authorizeUrl(other, { response_type: 'code', client_id: other.publicClientId, redirect_uri: CALLBACK, scope: 'openid' }), await signedIn(server(), other))).query.get('code')! },
        ),
      );
      expect((await fetch(`${other.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${theirs.access_token}` } })).status).toBe(200);
      expect((await userInfo(theirs.access_token)).status).toBe(401);

      const claims = decodeJwt(issued.access_token);
      const { kid } = decodeProtectedHeader(issued.access_token);
      const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const [header, , signature] = issued.access_token.split('.');
      const forgeries = [
        // alg none
        `${b64({ alg: 'none', kid })}.${b64(claims)}.`,
        // a changed claim under the original signature
        `${header}.${b64({ ...claims, scope: 'openid email profile aws.cognito.signin.user.admin' })}.${signature}`,
      ];
      // HS256 keyed with the published public key (algorithm confusion).
      const jwks = await json(await fetch(`${fx.base}/.well-known/jwks.json`));
      const published = jwks.keys.find((k: { kid: string }) => k.kid === kid);
      forgeries.push(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid }).sign(Buffer.from(JSON.stringify(published))));
      // A key of the attacker's, named by the pool's kid and by a jwk header.
      const attacker = await generateKeyPair('RS256');
      forgeries.push(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(attacker.privateKey));
      forgeries.push(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(attacker.publicKey) }).sign(attacker.privateKey));
      forgeries.push(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'nosuchkid', jku: 'https://evil.example/jwks.json' }).sign(attacker.privateKey));
      for (const forged of forgeries) expect((await userInfo(forged)).status, forged.slice(0, 40)).toBe(401);
    });

    it('§4.13: forwarded headers and the Host header never change the issuer or the endpoints discovery advertises', async () => {
      const direct = await json(await fetch(`${fx.base}/.well-known/openid-configuration`));
      const spoofed = await hostRequest(server().port, 'evil.example', `/${fx.poolId}/.well-known/openid-configuration`, {
        headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example;proto=https' },
      });
      expect(spoofed.status).toBe(200);
      expect(JSON.parse(spoofed.body)).toEqual(direct);
      expect(spoofed.body).not.toContain('evil.example');
      const login = await hostRequest(server().port, 'evil.example', `/${fx.poolId}/oauth2/authorize?${new URLSearchParams(codeRequest())}`, { headers: { 'x-forwarded-host': 'evil.example' } });
      expect(String(login.headers.location)).toMatch(new RegExp(`^/${fx.poolId}/login\\?`));
    });

    it('RFC 6749 §10.8: an access token in the URL is not taken at userInfo (RFC 6750 §2.3 is not offered)', async () => {
      const issued = await tokens();
      const res = await fetch(`${fx.base}/oauth2/userInfo?access_token=${issued.access_token}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('www-authenticate')).toContain('invalid_request');
    });

    it('§2.1.1: PKCE support is published; plain is neither advertised nor accepted', async () => {
      const meta = await json(await fetch(`${fx.base}/.well-known/openid-configuration`));
      expect(meta.code_challenge_methods_supported).toEqual(['S256']);
      const { query } = redirectOf(await navigate(authorizeUrl(fx, codeRequest({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' })), cookie));
      expect(query.get('error')).toBe('invalid_request');
      expect(query.get('code')).toBeNull();
    });
  },
  { clock },
);
