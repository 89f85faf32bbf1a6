import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenVerificationError, expressAuth, verifier } from '../../src/verify/index.js';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example1';
const CLIENT = 'exampleclient00000000000001';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>> & { kid: string; jwk: JWK };

async function keyPair(kid: string): Promise<KeyPair> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  return { ...pair, kid, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A Cognito-shaped token, signed as Cognito signs them (RS256, kid, no typ). */
function cognitoToken(key: KeyPair, claims: Record<string, unknown> = {}, options: { expiresIn?: number; issuedIn?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: 'f0e1d2c3-0000-4000-8000-000000000001',
    token_use: 'access',
    client_id: CLIENT,
    scope: 'demo-api/read aws.cognito.signin.user.admin',
    username: 'alice',
    'cognito:groups': ['admins'],
    auth_time: now,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(String(claims.iss ?? ISSUER))
    .setIssuedAt(now + (options.issuedIn ?? -10))
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(key.privateKey);
}

/** A JWKS endpoint that counts its fetches, with keys that can be changed (rotation). */
function jwksEndpoint(keys: KeyPair[]) {
  const state = { keys, fetches: 0 };
  const fetchFn = (async () => {
    state.fetches++;
    return new Response(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { state, fetchFn };
}

describe('verifying Cognito tokens with cognate/verify', () => {
  let current: KeyPair;
  let other: KeyPair;
  beforeAll(async () => {
    current = await keyPair('current-key=');
    other = await keyPair('other-key=');
  });

  const make = (endpoint = jwksEndpoint([current]), options: Partial<Parameters<typeof verifier>[0]> = {}) =>
    verifier({ issuer: ISSUER, clientId: CLIENT, fetch: endpoint.fetchFn, ...options });

  it('accepts a good access token and reports its scopes, groups and user', async () => {
    const result = await make().verify(await cognitoToken(current));
    expect(result).toMatchObject({ subject: 'alice', scopes: ['demo-api/read', 'aws.cognito.signin.user.admin'], groups: ['admins'] });
  });

  it('accepts an ID token by its aud when ID tokens are asked for', async () => {
    const id = await cognitoToken(current, { token_use: 'id', aud: CLIENT, client_id: undefined, 'cognito:username': 'alice', username: undefined });
    expect((await make(undefined, { tokenUse: 'id' }).verify(id)).subject).toBe('alice');
  });

  const rejects = async (p: Promise<unknown>, reason: string, status: number) => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenVerificationError);
    expect(error).toMatchObject({ reason, status });
  };

  it('rejects a token of another issuer', async () => {
    await rejects(make().verify(await cognitoToken(current, { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })), 'issuer', 401);
  });

  it('rejects an expired token', async () => {
    await rejects(make().verify(await cognitoToken(current, {}, { expiresIn: -120 })), 'expired', 401);
  });

  it('rejects an ID token where an access token is required, and the reverse', async () => {
    await rejects(make().verify(await cognitoToken(current, { token_use: 'id', aud: CLIENT })), 'token_use', 401);
    await rejects(make(undefined, { tokenUse: 'id' }).verify(await cognitoToken(current, { aud: CLIENT })), 'token_use', 401);
  });

  it('rejects a token issued in the future beyond the clock tolerance, and accepts one within it', async () => {
    await rejects(make().verify(await cognitoToken(current, {}, { issuedIn: 120 })), 'not_yet_valid', 401);
    await rejects(make(undefined, { clockToleranceSeconds: 60 }).verify(await cognitoToken(current, {}, { issuedIn: 120 })), 'not_yet_valid', 401);
    expect((await make().verify(await cognitoToken(current, {}, { issuedIn: 2 }))).subject).toBe('alice');
    expect((await make(undefined, { clockToleranceSeconds: 300 }).verify(await cognitoToken(current, {}, { issuedIn: 120 }))).subject).toBe('alice');
  });

  it('rejects a client_id (or token_use) that is not a string, even when the accepted client is in it', async () => {
    await rejects(make().verify(await cognitoToken(current, { client_id: [CLIENT, 'someotherclient000000000001'] })), 'malformed', 401);
    await rejects(make(undefined, { clientId: null }).verify(await cognitoToken(current, { client_id: [CLIENT] })), 'malformed', 401);
    await rejects(make(undefined, { tokenUse: null }).verify(await cognitoToken(current, { token_use: ['access'] })), 'malformed', 401);
  });

  it('rejects a token of another app client', async () => {
    await rejects(make().verify(await cognitoToken(current, { client_id: 'someotherclient000000000001' })), 'client', 401);
  });

  it('rejects a tampered token whose signature no longer verifies', async () => {
    const token = await cognitoToken(current);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, username: 'mallory' })).toString('base64url');
    await rejects(make().verify(`${h}.${forged}.${s}`), 'signature', 401);
    const flipped = `${h}.${p}.${s!.slice(0, -4)}${s!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await rejects(make().verify(flipped), 'signature', 401);
  });

  it('rejects tokens that are not RS256 or not JWTs at all', async () => {
    const hs = await new SignJWT({ token_use: 'access', client_id: CLIENT }).setProtectedHeader({ alg: 'HS256', kid: current.kid }).setIssuer(ISSUER).setExpirationTime('1h').sign(new Uint8Array(32));
    await rejects(make().verify(hs), 'algorithm', 401);
    await rejects(make().verify('not-a-jwt'), 'malformed', 401);
    await rejects(make().verify(''), 'missing', 401);
  });

  it('does not refetch the JWKS for unknown kids within the cooldown after a fetch', async () => {
    const endpoint = jwksEndpoint([current]);
    const v = make(endpoint, { cooldownMs: 60_000 });
    await v.verify(await cognitoToken(current));
    expect(endpoint.state.fetches).toBe(1);
    await rejects(v.verify(await cognitoToken(other)), 'unknown_kid', 401);
    expect(endpoint.state.fetches).toBe(1); // just fetched: the cooldown holds
    await rejects(v.verify(await cognitoToken(other)), 'unknown_kid', 401);
    expect(endpoint.state.fetches).toBe(1);
  });

  it('picks up a rotated key: an unknown kid after the cooldown causes one refetch', async () => {
    let now = 1_000_000;
    const endpoint = jwksEndpoint([current]);
    const v = make(endpoint, { cooldownMs: 30_000, now: () => now });
    await v.verify(await cognitoToken(current));
    endpoint.state.keys = [current, other];
    now += 31_000;
    expect((await v.verify(await cognitoToken(other))).subject).toBe('alice');
    expect(endpoint.state.fetches).toBe(2);
    await rejects(v.verify(await cognitoToken(await keyPair('never-published='))), 'unknown_kid', 401);
    expect(endpoint.state.fetches).toBe(2);
  });

  it('refuses a token without the scope a route needs with 403 insufficient_scope, and a user outside the group with 403', async () => {
    const token = await cognitoToken(current);
    const scope = await make().verify(token, { scopes: ['demo-api/write'] }).catch((e: unknown) => e);
    expect(scope).toMatchObject({ reason: 'scope', status: 403, error: 'insufficient_scope', requiredScopes: ['demo-api/write'] });
    await rejects(make().verify(token, { groups: ['auditors'] }), 'group', 403);
    expect((await make().verify(token, { scopes: ['demo-api/read'], groups: ['auditors', 'admins'] })).subject).toBe('alice');
  });

  it('says 503 when the keys cannot be fetched', async () => {
    const down = (async () => {
      throw new Error('connect ECONNREFUSED');
    }) as typeof fetch;
    await rejects(verifier({ issuer: ISSUER, fetch: down }).verify(await cognitoToken(current)), 'jwks_unavailable', 503);
  });

  it('works as Express middleware (req, res, next) on a plain node:http server', async () => {
    const v = make();
    const guard = expressAuth(v, { scopes: ['demo-api/read'] });
    const server = createServer((req, res) => {
      guard(req, res, (error?: unknown) => {
        if (error) {
          res.statusCode = 500;
          return res.end();
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ hello: (req as typeof req & { auth?: { subject: string } }).auth?.subject }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const ok = await fetch(url, { headers: { authorization: `Bearer ${await cognitoToken(current)}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ hello: 'alice' });

      const none = await fetch(url);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');

      const expired = await fetch(url, { headers: { authorization: `Bearer ${await cognitoToken(current, {}, { expiresIn: -60 })}` } });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(await expired.json()).toEqual({ error: 'invalid_token', error_description: 'The token has expired' });

      const narrow = await fetch(url, { headers: { authorization: `Bearer ${await cognitoToken(current, { scope: 'openid' })}` } });
      expect(narrow.status).toBe(403);
      expect(narrow.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="insufficient_scope", error_description="The token lacks the scope demo-api/read", scope="demo-api/read"',
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
