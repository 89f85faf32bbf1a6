import type { JWK, JWTPayload } from 'jose';
import { errors as joseErrors, jwtVerify } from 'jose';
import { TokenVerificationError } from './errors.js';
import type { JwksCacheOptions } from './jwks.js';
import { JwksCache } from './jwks.js';

/**
 * Verification of Cognito and Cognate JWTs for an API: RS256 signature against the issuer's JWKS,
 * then, in the order AWS documents, expiry, audience (`aud` of an ID token, `client_id` of an access
 * token), issuer and `token_use`; then the scopes and groups a route needs.
 */

export type TokenUse = 'access' | 'id';

export interface Requirements {
  /** Every one of these scopes must be granted (in the access token's `scope`). */
  scopes?: string[];
  /** The user must be in at least one of these groups (`cognito:groups`). */
  groups?: string[];
}

export interface VerifierOptions extends Requirements, JwksCacheOptions {
  /** `<public-url>/<poolId>` for Cognate, `https://cognito-idp.<region>.amazonaws.com/<poolId>` for Cognito. */
  issuer: string;
  /** Default `<issuer>/.well-known/jwks.json`. */
  jwksUri?: string;
  /** A key set to use instead of fetching one (offline tests). */
  jwks?: { keys: JWK[] };
  /** Which tokens are accepted (default `access`); `null` accepts both. */
  tokenUse?: TokenUse | null;
  /** App client ids whose tokens are accepted; `null` or absent accepts any client of the pool. */
  clientId?: string | string[] | null;
  /** Seconds of clock skew allowed on `exp`, `iat` and `nbf` (default 5). */
  clockToleranceSeconds?: number;
}

/** The claims of a Cognito token that APIs look at. */
export interface CognitoClaims extends JWTPayload {
  token_use?: TokenUse;
  client_id?: string;
  scope?: string;
  username?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
}

export interface VerifiedToken {
  claims: CognitoClaims;
  scopes: string[];
  groups: string[];
  /** The user's name, or the client id of a client-credentials token. */
  subject: string;
}

export interface Verifier {
  verify(token: string, requirements?: Requirements): Promise<VerifiedToken>;
  readonly jwks: JwksCache;
  readonly issuer: string;
}

const list = (value: string | string[] | null | undefined): string[] | undefined =>
  value === null || value === undefined ? undefined : Array.isArray(value) ? value : [value];

function translate(error: unknown): TokenVerificationError {
  if (error instanceof TokenVerificationError) return error;
  if (error instanceof joseErrors.JWTExpired) return new TokenVerificationError('expired', 'The token has expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new TokenVerificationError('issuer', 'The token comes from another issuer');
    if (error.claim === 'nbf' || error.claim === 'iat') return new TokenVerificationError('not_yet_valid', 'The token is not valid yet');
    return new TokenVerificationError('malformed', `The token's ${error.claim} claim is not valid`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenVerificationError('signature', 'The token signature does not verify');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new TokenVerificationError('algorithm', 'The token is not signed with RS256');
  return new TokenVerificationError('malformed', 'The token is not a well-formed JWT');
}

export function verifier(options: VerifierOptions): Verifier {
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwks = new JwksCache(options.jwks ? options.jwksUri : (options.jwksUri ?? `${issuer}/.well-known/jwks.json`), options);
  const tokenUse = options.tokenUse === undefined ? 'access' : options.tokenUse;
  const clients = list(options.clientId);

  async function verify(token: string, requirements: Requirements = {}): Promise<VerifiedToken> {
    if (typeof token !== 'string' || token === '') throw new TokenVerificationError('missing', 'No bearer token');
    let claims: CognitoClaims;
    const tolerance = options.clockToleranceSeconds ?? 5;
    try {
      ({ payload: claims } = await jwtVerify<CognitoClaims>(token, (header) => jwks.key(header.kid), {
        algorithms: ['RS256'],
        issuer,
        clockTolerance: tolerance,
        requiredClaims: ['exp', 'iss'],
      }));
    } catch (error) {
      throw translate(error);
    }
    // jose checks `iat` only against a maxTokenAge; a token issued in the future was minted with a wrong clock or forged.
    if (typeof claims.iat === 'number' && claims.iat > Date.now() / 1000 + tolerance) throw new TokenVerificationError('not_yet_valid', 'The token is not valid yet');
    // Cognito writes these claims as strings; an array could smuggle a second client or use past a naive comparison.
    for (const name of ['client_id', 'token_use'] as const) {
      if (claims[name] !== undefined && typeof claims[name] !== 'string') throw new TokenVerificationError('malformed', `The token's ${name} claim is not valid`);
    }
    const use = claims.token_use;
    if (clients) {
      const audience = use === 'id' ? claims.aud : claims.client_id;
      const given = Array.isArray(audience) ? audience : audience === undefined ? [] : [audience];
      if (!given.some((a) => clients.includes(a))) throw new TokenVerificationError('client', 'The token was issued to another app client');
    }
    if (tokenUse && use !== tokenUse) throw new TokenVerificationError('token_use', `An ${tokenUse} token is required, not ${use ? `an ${use}` : 'this'} token`);

    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((s) => s !== '') : [];
    const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
    const neededScopes = [...(options.scopes ?? []), ...(requirements.scopes ?? [])];
    const missing = neededScopes.filter((s) => !scopes.includes(s));
    if (missing.length) throw new TokenVerificationError('scope', `The token lacks the scope ${missing.join(' ')}`, neededScopes);
    for (const needed of [options.groups, requirements.groups]) {
      if (needed?.length && !needed.some((g) => groups.includes(g))) throw new TokenVerificationError('group', `The user is not in ${needed.length > 1 ? 'any of the groups ' : 'the group '}${needed.join(', ')}`);
    }
    const subject = String(claims.username ?? claims['cognito:username'] ?? claims.client_id ?? claims.sub ?? '');
    return { claims, scopes, groups, subject };
  }

  return { verify, jwks, issuer };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(value) : null;
  if (!m) {
    if (value && /^Bearer\b/i.test(value)) throw new TokenVerificationError('malformed', 'The Authorization header is not a Bearer token');
    throw new TokenVerificationError('missing', 'No bearer token');
  }
  return m[1]!;
}
