import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import type { Sealer } from '../crypto/seal.js';
import type { Store } from '../store/database.js';
import * as repo from '../store/stand-in.js';
import type { StandInIdentity } from '../store/stand-in.js';
import { HOSTED_CSS, HOSTED_CSS_VERSION } from '../ui/styles.js';
import { standInKeys } from './keys.js';
import { formPostPage, identityPage, refusalPage } from './page.js';
import type { SocialType } from './providers.js';
import { appleUserField, idTokenClaims, isSocialType, issuesIdToken, newSubject, userInfo } from './providers.js';
import type { AuthorizationRequest } from './requests.js';
import { StandInInputError, readAuthorizationRequest, readTypedIdentity, textParam } from './requests.js';

/**
 * The social stand-in: for each of Google, Facebook, Login with Amazon and Sign in with Apple, a small
 * standard OpenID provider at `<public URL>/_cognate/social/<Type>`, where the developer types (or
 * picks) the identity the real provider would return, since a laptop or CI cannot sign in at Google.
 * It is a third party, not Cognito: it signs with its own key, knows nothing of pools, and a code or
 * token it issues is worth something only to a pool whose provider talks to it.
 */

export interface StandInOptions {
  store: Store;
  sealer: Sealer;
  now: () => number;
  /** Read per request: the public URL is known only once the server listens. */
  publicUrl: () => string;
}

const CODE_SECONDS = 120;
const ACCESS_SECONDS = 3600;
const ID_TOKEN_SECONDS = 3600;

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = () => randomBytes(32).toString('base64url');

type Params = Record<string, unknown>;

export async function standInPlugin(app: FastifyInstance, options: StandInOptions): Promise<void> {
  const { store, now } = options;
  const key = standInKeys(store, options.sealer, now);
  const issuerOf = (type: SocialType) => `${options.publicUrl()}/_cognate/social/${type}`;

  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof StandInInputError) return reply.code(400).send({ error: 'invalid_request', error_description: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: 'invalid_request', error_description: 'The request could not be read.' });
    request.log.error({ err: error }, 'stand-in failure');
    return reply.code(500).send({ error: 'server_error' });
  });

  app.get('/ui/hosted.css', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').header('etag', `"${HOSTED_CSS_VERSION}"`).type('text/css; charset=utf-8').send(HOSTED_CSS),
  );

  /** The provider type of the path, or a 404 answered. */
  const typeOf = (request: FastifyRequest, reply: FastifyReply): SocialType | undefined => {
    const type = (request.params as { type: string }).type;
    if (isSocialType(type)) return type;
    void reply.code(404).send({ error: 'not_found', error_description: 'The stand-in serves Google, Facebook, LoginWithAmazon and SignInWithApple.' });
    return undefined;
  };

  app.get('/:type/.well-known/openid-configuration', async (request, reply) => {
    const type = typeOf(request, reply);
    if (!type) return reply;
    const issuer = issuerOf(type);
    return reply.header('cache-control', 'public, max-age=300').send({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: type === 'SignInWithApple' ? ['query', 'form_post'] : ['query'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile', 'name', 'public_profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256', 'plain'],
      claims_supported: Object.keys(userInfo(type, { sub: 's', email: 'e@x', name: 'n m', picture: 'https://x' })),
    });
  });

  app.get('/:type/jwks', async (request, reply) => {
    if (!typeOf(request, reply)) return reply;
    return reply.header('cache-control', 'public, max-age=300').send({ keys: [(await key()).publicJwk] });
  });

  /** The authorization request, or a page refusing it when no answer can go back to a client. */
  const authorizationOf = (request: FastifyRequest, reply: FastifyReply, type: SocialType): AuthorizationRequest | undefined => {
    const query = request.query as Params;
    try {
      const authorization = readAuthorizationRequest(query);
      if (query.response_type !== 'code') {
        void reply.redirect(withParams(authorization.redirectUri, { error: 'unsupported_response_type', state: authorization.state }), 303);
        return undefined;
      }
      return authorization;
    } catch (error) {
      if (!(error instanceof StandInInputError)) throw error;
      void reply.code(400).type('text/html; charset=utf-8').send(refusalPage(type, error.message).text);
      return undefined;
    }
  };

  app.get('/:type/authorize', async (request, reply) => {
    const type = typeOf(request, reply);
    if (!type || !authorizationOf(request, reply, type)) return reply;
    return reply.type('text/html; charset=utf-8').send(identityPage(type, await repo.listIdentities(store.db, type)).text);
  });

  app.post('/:type/authorize', async (request, reply) => {
    const type = typeOf(request, reply);
    if (!type) return reply;
    const authorization = authorizationOf(request, reply, type);
    if (!authorization) return reply;
    const body = (request.body ?? {}) as Params;

    let identity: StandInIdentity;
    let firstSignIn = false;
    try {
      const pick = textParam(body, 'pick', 255);
      if (pick) {
        const found = await repo.findIdentity(store.db, type, pick);
        if (!found) throw new StandInInputError('That identity is not one used before.');
        identity = found;
      } else {
        const typed = readTypedIdentity(body);
        identity = { ...typed, sub: typed.sub ?? newSubject(type) };
        firstSignIn = !(await repo.findIdentity(store.db, type, identity.sub));
      }
    } catch (error) {
      if (!(error instanceof StandInInputError)) throw error;
      const page = identityPage(type, await repo.listIdentities(store.db, type), error.message, typedBack(body));
      return reply.code(400).type('text/html; charset=utf-8').send(page.text);
    }
    await repo.saveIdentity(store.db, type, identity, now());

    const code = newToken();
    await repo.deleteExpiredGrants(store.db, now());
    await repo.insertGrant(store.db, hash(code), {
      kind: 'code',
      providerType: type,
      subject: identity.sub,
      details: compact({
        client_id: authorization.clientId,
        redirect_uri: authorization.redirectUri,
        nonce: authorization.nonce,
        code_challenge: authorization.codeChallenge,
        code_challenge_method: authorization.codeChallengeMethod,
        auth_time: String(Math.floor(now() / 1000)),
      }),
      expiresAt: now() + CODE_SECONDS * 1000,
    });

    if (type === 'SignInWithApple' && authorization.responseMode === 'form_post') {
      const nonce = randomBytes(16).toString('base64');
      const fields = compact({ code, state: authorization.state, user: firstSignIn ? appleUserField(identity) : undefined });
      return reply
        .header('content-security-policy', `default-src 'none'; style-src 'self'; script-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'`)
        .type('text/html; charset=utf-8')
        .send(formPostPage(authorization.redirectUri, fields, nonce).text);
    }
    return reply.redirect(withParams(authorization.redirectUri, { code, state: authorization.state }), 303);
  });

  app.post('/:type/token', async (request, reply) => {
    const type = typeOf(request, reply);
    if (!type) return reply;
    const body = (request.body ?? {}) as Params;
    const oauthError = (status: number, error: string, description: string) => reply.code(status).send({ error, error_description: description });

    const client = clientCredentials(request.headers.authorization, body);
    if (!client) {
      reply.header('www-authenticate', 'Basic realm="stand-in"');
      return oauthError(401, 'invalid_client', 'Client authentication (client_secret_basic or client_secret_post) is missing.');
    }
    if (body.grant_type !== 'authorization_code') return oauthError(400, 'unsupported_grant_type', 'The stand-in grants authorization_code only.');
    const code = textParam(body, 'code', 256);
    if (!code) return oauthError(400, 'invalid_request', 'code is missing.');
    const grant = await repo.takeGrant(store.db, hash(code), 'code', now());
    if (!grant || grant.providerType !== type) return oauthError(400, 'invalid_grant', 'The code is unknown, used or expired.');
    const details = grant.details;
    if (details.client_id !== client.clientId) return oauthError(400, 'invalid_grant', 'The code was issued to another client.');
    if (textParam(body, 'redirect_uri') !== details.redirect_uri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
    if (details.code_challenge && !pkceMatches(details.code_challenge, details.code_challenge_method, textParam(body, 'code_verifier', 128)))
      return oauthError(400, 'invalid_grant', 'code_verifier does not match the code challenge.');

    const identity = await repo.findIdentity(store.db, type, grant.subject);
    if (!identity) return oauthError(400, 'invalid_grant', 'The identity is gone.');
    const accessToken = newToken();
    await repo.insertGrant(store.db, hash(accessToken), { kind: 'access', providerType: type, subject: identity.sub, details: {}, expiresAt: now() + ACCESS_SECONDS * 1000 });

    const answer: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_SECONDS };
    if (issuesIdToken(type)) {
      const signing = await key();
      const iat = Math.floor(now() / 1000);
      answer.id_token = await new SignJWT({
        ...idTokenClaims(type, identity),
        ...(details.nonce ? { nonce: details.nonce } : {}),
        ...(type === 'Google' ? { azp: client.clientId } : { nonce_supported: true }),
        auth_time: Number(details.auth_time),
      })
        .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
        .setIssuer(issuerOf(type))
        .setAudience(client.clientId)
        .setSubject(identity.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ID_TOKEN_SECONDS)
        .sign(signing.privateKey);
    }
    return reply.send(answer);
  });

  const userInfoRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const type = typeOf(request, reply);
    if (!type) return reply;
    const bearer = /^Bearer ([\w.~+/-]+=*)$/i.exec(request.headers.authorization ?? '')?.[1] ?? textParam(request.query as Params, 'access_token', 256);
    const grant = bearer ? await repo.takeGrant(store.db, hash(bearer), 'access', now()) : undefined;
    const identity = grant && grant.providerType === type ? await repo.findIdentity(store.db, type, grant.subject) : undefined;
    if (!identity) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: 'invalid_token', error_description: 'The access token is missing, unknown or expired.' });
    }
    return reply.send(userInfo(type, identity));
  };
  app.get('/:type/userinfo', userInfoRoute);
  app.post('/:type/userinfo', userInfoRoute);
}

/** client_secret_basic or client_secret_post; the stand-in checks that a secret is there, not what it is. */
function clientCredentials(authorization: string | undefined, body: Params): { clientId: string } | undefined {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return undefined;
    const clientId = safeDecode(decoded.slice(0, colon));
    const secret = safeDecode(decoded.slice(colon + 1));
    return clientId && secret ? { clientId } : undefined;
  }
  const clientId = textParam(body, 'client_id', 256);
  const secret = textParam(body, 'client_secret', 8192);
  return clientId && secret ? { clientId } : undefined;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function pkceMatches(challenge: string, method: string | undefined, verifier: string | undefined): boolean {
  if (!verifier) return false;
  const expected = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(expected);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

function compact(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** What was typed, shown again with the error (only text values; the page escapes them). */
function typedBack(body: Params): Partial<StandInIdentity> {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, 2048) : undefined);
  return { sub: text('sub'), email: text('email'), name: text('name'), given_name: text('given_name'), family_name: text('family_name'), picture: text('picture') };
}
