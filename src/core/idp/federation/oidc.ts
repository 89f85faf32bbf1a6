import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { SignJWT, createRemoteJWKSet, generateKeyPair, importPKCS8, jwtVerify } from 'jose';
import type { Services } from '../../services.js';
import type { IdentityProviderDescription } from '../types.js';
import type { ExternalAssertion, PendingFederation } from './contract.js';
import type { UpstreamEndpoints } from './endpoints.js';
import { UPSTREAM_TIMEOUT_MS, upstreamEndpoints } from './endpoints.js';
import { unusable } from './upstream-error.js';

/**
 * The client side of an OIDC or social provider: the authorization request Cognate sends the browser
 * to, and the answer's code redeemed at the token endpoint, its ID token checked (signature by the
 * provider's keys, issuer, audience, nonce, expiry) and the userInfo endpoint asked, into an
 * ExternalAssertion.
 */

/** The claim each type names its subject by. */
const SUBJECT_CLAIM: Record<string, string> = { OIDC: 'sub', Google: 'sub', SignInWithApple: 'sub', Facebook: 'id', LoginWithAmazon: 'user_id' };
/** Asymmetric signatures only: a MAC keyed by the client secret proves nothing the secret's holder could not forge. */
const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 30;

/** One key set per jwks_uri, kept across sign-ins; jose fetches it again for a `kid` it does not know. */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(uri: string): ReturnType<typeof createRemoteJWKSet> {
  let set = keySets.get(uri);
  if (!set) {
    // No cooldown: jose's default (30 s) would keep a provider's freshly rotated key unknown for that
    // long after the last fetch. The ID token comes from the provider's token endpoint, server to
    // server, never from the browser, so an unknown `kid` cannot be sent at will to make Cognate fetch.
    set = createRemoteJWKSet(new URL(uri), { timeoutDuration: UPSTREAM_TIMEOUT_MS, cooldownDuration: 0 });
    keySets.set(uri, set);
  }
  return set;
}

const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** authorize_scopes as one space-separated list (Facebook's are written with commas). */
const scopesOf = (provider: IdentityProviderDescription) => (provider.ProviderDetails?.authorize_scopes ?? '').split(/[\s,]+/).filter((s) => s !== '').join(' ');

/** The provider's authorization URL for this pending sign-in; `pending.codeVerifier` is set when the provider takes PKCE. */
export async function upstreamAuthorizationUrl(
  services: Services,
  provider: IdentityProviderDescription,
  pending: PendingFederation,
  sealed: (pending: PendingFederation) => string,
  redirectUri: string,
): Promise<string> {
  const endpoints = await upstreamEndpoints(services, provider);
  if (endpoints.pkce) pending.codeVerifier = services.random.bytes(32).toString('base64url');
  const url = new URL(endpoints.authorizationEndpoint);
  const params: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', provider.ProviderDetails?.client_id ?? ''],
    ['redirect_uri', redirectUri],
    ['scope', scopesOf(provider)],
    ['state', sealed(pending)],
    ['nonce', pending.requestId],
  ];
  if (pending.codeVerifier) params.push(['code_challenge', pkceChallenge(pending.codeVerifier)], ['code_challenge_method', 'S256']);
  // Apple sends the name and e-mail address only by a form post.
  if (provider.ProviderType === 'SignInWithApple') params.push(['response_mode', 'form_post']);
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url.toString();
}

export interface UpstreamAnswer {
  code: string;
  /** Sign in with Apple's `user` form field on the first sign-in: `{"name":{"firstName","lastName"},"email"}`. */
  appleUser?: string;
}

/** Redeems the provider's code and proves who signed in. Throws UpstreamError for anything unusable. */
export async function redeemUpstreamCode(
  services: Services,
  provider: IdentityProviderDescription,
  pending: PendingFederation,
  answer: UpstreamAnswer,
  redirectUri: string,
): Promise<ExternalAssertion> {
  const endpoints = await upstreamEndpoints(services, provider);
  const tokens = await tokenRequest(services, provider, endpoints, pending, answer.code, redirectUri);
  const type = provider.ProviderType ?? 'OIDC';
  const claims: Record<string, unknown> = {};
  if (typeof tokens.id_token === 'string') Object.assign(claims, await checkIdToken(services, provider, endpoints, pending, tokens.id_token));
  else if (type === 'OIDC' || type === 'Google' || type === 'SignInWithApple') throw unusable('The identity provider returned no ID token.');

  if (endpoints.userinfoEndpoint && typeof tokens.access_token === 'string') {
    const info = await userInfo(provider, endpoints.userinfoEndpoint, tokens.access_token);
    // OIDC Core §5.3.2: userInfo about anyone but the ID token's subject is not this sign-in's.
    if (claims.sub !== undefined && info.sub !== undefined && info.sub !== claims.sub) throw unusable('The userInfo response is about another subject.');
    for (const [name, value] of Object.entries(info)) if (!(name in claims) || !['iss', 'aud', 'exp', 'iat', 'nonce'].includes(name)) claims[name] = value;
  }
  if (answer.appleUser !== undefined) addAppleUser(claims, answer.appleUser);

  const subject = claims[SUBJECT_CLAIM[type] ?? 'sub'];
  if ((typeof subject !== 'string' && typeof subject !== 'number') || String(subject) === '') throw unusable('The identity provider did not name the user.');
  return { provider, subject: String(subject), attributes: asAttributes(claims) };
}

interface TokenResponse {
  access_token?: unknown;
  id_token?: unknown;
  error?: unknown;
  error_description?: unknown;
}

async function tokenRequest(
  services: Services,
  provider: IdentityProviderDescription,
  endpoints: UpstreamEndpoints,
  pending: PendingFederation,
  code: string,
  redirectUri: string,
): Promise<TokenResponse> {
  const details = provider.ProviderDetails ?? {};
  const clientId = details.client_id ?? '';
  const secret = provider.ProviderType === 'SignInWithApple' ? await appleClientSecret(services, provider, endpoints.issuer) : details.client_secret;
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  if (pending.codeVerifier) form.set('code_verifier', pending.codeVerifier);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  // client_secret_post where the provider takes it, as Cognito prefers; else Basic (RFC 6749 §2.3.1).
  if (secret === undefined || secret === '') form.set('client_id', clientId);
  else if (endpoints.tokenAuthMethods.includes('client_secret_post') || !endpoints.tokenAuthMethods.includes('client_secret_basic')) {
    form.set('client_id', clientId);
    form.set('client_secret', secret);
  } else {
    const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
  }
  let res: Response;
  let body: TokenResponse;
  try {
    res = await fetch(endpoints.tokenEndpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS), redirect: 'error' });
    body = (await res.json()) as TokenResponse;
  } catch (error) {
    services.log.warn({ provider: provider.ProviderName, reason: (error as Error).message }, 'identity provider token request failed');
    throw unusable('The identity provider\'s token endpoint could not be used.');
  }
  if (!res.ok || !body || typeof body !== 'object') {
    const reason = typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
    throw unusable(`The identity provider refused the authorization code (${reason}).`);
  }
  return body;
}

async function checkIdToken(
  services: Services,
  provider: IdentityProviderDescription,
  endpoints: UpstreamEndpoints,
  pending: PendingFederation,
  idToken: string,
): Promise<JWTPayload> {
  if (!endpoints.jwksUri) throw unusable('The identity provider publishes no keys to check its ID token with.');
  const clientId = provider.ProviderDetails?.client_id ?? '';
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(endpoints.jwksUri), {
      issuer: endpoints.issuer,
      audience: clientId,
      algorithms: ID_TOKEN_ALGORITHMS,
      currentDate: new Date(services.clock.now()),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (error) {
    services.log.warn({ provider: provider.ProviderName, reason: (error as Error).message }, 'identity provider ID token refused');
    throw unusable('Invalid ID token from the identity provider.');
  }
  // OIDC Core §3.1.3.7: with several audiences, the token must be meant for this client.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== clientId) throw unusable('Invalid ID token from the identity provider.');
  if (payload.nonce !== pending.requestId) throw unusable('Invalid ID token from the identity provider: the nonce does not match.');
  return payload;
}

async function userInfo(provider: IdentityProviderDescription, endpoint: string, accessToken: string): Promise<Record<string, unknown>> {
  const post = provider.ProviderType === 'OIDC' && provider.ProviderDetails?.attributes_request_method === 'POST';
  let info: unknown;
  try {
    const res = await fetch(endpoint, {
      method: post ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    info = await res.json();
  } catch {
    throw unusable('The identity provider\'s userInfo endpoint could not be used.');
  }
  if (!info || typeof info !== 'object' || Array.isArray(info)) throw unusable('The identity provider\'s userInfo response is not an object.');
  return info as Record<string, unknown>;
}

/** Apple tells the name only once, in the form of the first answer, not in the ID token. */
function addAppleUser(claims: Record<string, unknown>, text: string): void {
  let user: { name?: { firstName?: unknown; lastName?: unknown }; email?: unknown };
  try {
    user = JSON.parse(text) as typeof user;
  } catch {
    return;
  }
  if (!user || typeof user !== 'object') return;
  const first = typeof user.name?.firstName === 'string' ? user.name.firstName : undefined;
  const last = typeof user.name?.lastName === 'string' ? user.name.lastName : undefined;
  if (first !== undefined) claims.firstName ??= first;
  if (last !== undefined) claims.lastName ??= last;
  if (first !== undefined || last !== undefined) claims.name ??= [first, last].filter((p) => p !== undefined).join(' ');
  if (typeof user.email === 'string') claims.email ??= user.email;
}

/** Claims as the provider's attributes: strings kept, booleans "true"/"false", anything else JSON. */
function asAttributes(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    out[name] = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  }
  return out;
}

/**
 * Sign in with Apple's client secret: a short-lived ES256 JWT by the team's key (team_id, key_id,
 * private_key). Cognate's stand-in takes any secret, so a key that cannot be read signs with a
 * throw-away key there; a real issuer would refuse that, so elsewhere it is the sign-in's error.
 */
async function appleClientSecret(services: Services, provider: IdentityProviderDescription, audience: string): Promise<string> {
  const details = provider.ProviderDetails ?? {};
  let key: Awaited<ReturnType<typeof importPKCS8>>;
  try {
    key = await importPKCS8(details.private_key ?? '', 'ES256');
  } catch {
    if (services.settings.providerEndpoints?.SignInWithApple !== undefined) throw unusable('The Sign in with Apple private key cannot be read.');
    key = (await generateKeyPair('ES256')).privateKey;
  }
  const now = Math.floor(services.clock.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: details.key_id ?? '' })
    .setIssuer(details.team_id ?? '')
    .setSubject(details.client_id ?? '')
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}
