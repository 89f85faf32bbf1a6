import { createHash, randomBytes } from 'node:crypto';
import type { Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * An OIDC provider whose answers the test writes: it signs ID tokens with its own published key,
 * but with whatever claims the test asks for (another issuer, audience, nonce, an expired token),
 * and can answer the authorization request with an error. Every token request is recorded.
 */
export interface ScriptedProvider {
  issuer: string;
  clientId: string;
  /** What the next ID tokens carry, on top of the honest claims (undefined removes one). */
  tamper: Partial<Record<keyof JWTPayload | string, unknown>>;
  /** The next authorization requests are answered with this error instead of a code. */
  authorizeError?: { error: string; error_description?: string };
  /** Whether the token response has an ID token at all. */
  idToken: boolean;
  /** The subject of the next sign-ins. */
  subject: string;
  claims: Record<string, unknown>;
  tokenRequests: { headers: Record<string, string | string[] | undefined>; form: URLSearchParams }[];
  userInfoRequests: { method: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startScriptedProvider(clientId = 'scripted-client'): Promise<ScriptedProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, { nonce?: string; challenge?: string }>();
  const provider: ScriptedProvider = {
    issuer: '',
    clientId,
    tamper: {},
    idToken: true,
    subject: 'subject-1',
    claims: { email: 'dana@scripted.example', email_verified: true, name: 'Dana Scripted' },
    tokenRequests: [],
    userInfoRequests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', provider.issuer);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        if (url.pathname === '/.well-known/openid-configuration') {
          return json(res, 200, {
            issuer: provider.issuer,
            authorization_endpoint: `${provider.issuer}/authorize`,
            token_endpoint: `${provider.issuer}/token`,
            userinfo_endpoint: `${provider.issuer}/userinfo`,
            jwks_uri: `${provider.issuer}/jwks`,
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
            code_challenge_methods_supported: ['S256'],
            response_types_supported: ['code'],
            id_token_signing_alg_values_supported: ['RS256'],
          });
        }
        if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
        if (url.pathname === '/authorize') {
          const back = new URL(url.searchParams.get('redirect_uri')!);
          back.searchParams.set('state', url.searchParams.get('state') ?? '');
          if (provider.authorizeError) {
            for (const [k, v] of Object.entries(provider.authorizeError)) if (v !== undefined) back.searchParams.set(k, v);
          } else {
            const code = randomBytes(12).toString('hex');
            grants.set(code, { nonce: url.searchParams.get('nonce') ?? undefined, challenge: url.searchParams.get('code_challenge') ?? undefined });
            back.searchParams.set('code', code);
          }
          return res.writeHead(302, { location: back.toString() }).end();
        }
        if (url.pathname === '/token') {
          const form = new URLSearchParams(body);
          provider.tokenRequests.push({ headers: req.headers, form });
          const grant = grants.get(form.get('code') ?? '');
          grants.delete(form.get('code') ?? '');
          if (!grant) return json(res, 400, { error: 'invalid_grant' });
          const verifier = form.get('code_verifier');
          if (grant.challenge && (!verifier || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)) return json(res, 400, { error: 'invalid_grant' });
          const now = Math.floor(Date.now() / 1000);
          const claims: Record<string, unknown> = { iss: provider.issuer, aud: provider.clientId, sub: provider.subject, iat: now, exp: now + 300, nonce: grant.nonce, ...provider.claims };
          for (const [k, v] of Object.entries(provider.tamper)) {
            if (v === undefined) delete claims[k];
            else claims[k] = v;
          }
          const idToken = await new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
          return json(res, 200, { access_token: `at-${provider.subject}`, token_type: 'Bearer', expires_in: 300, ...(provider.idToken ? { id_token: idToken } : {}) });
        }
        if (url.pathname === '/userinfo') {
          provider.userInfoRequests.push({ method: req.method ?? '', authorization: req.headers.authorization });
          const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          if (!token.startsWith('at-')) return json(res, 401, { error: 'invalid_token' });
          return json(res, 200, { sub: token.slice(3), ...provider.claims });
        }
        res.writeHead(404).end();
      })().catch((error: unknown) => json(res, 500, { error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}
