import type { JsonWebKey, KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * RS256 JSON Web Tokens signed and checked with node:crypto on keys imported once. jose goes through
 * WebCrypto, whose per-call job set-up cost about as much CPU as a signature again on the token paths,
 * and far more than the RSA verification itself; tokens and keys stay what they were.
 */

export type JwtPayload = Record<string, unknown>;

export function privateKeyFromJwk(jwk: JWK): KeyObject {
  return createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
}

export function publicKeyFromJwk(jwk: JWK): KeyObject {
  return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
}

/** A compact JWS with the header `{"kid","alg":"RS256"}`, as jose's SignJWT wrote it. */
export function signRs256(payload: JwtPayload, kid: string, key: KeyObject): string {
  const input = `${base64url(JSON.stringify({ kid, alg: 'RS256' }))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** A token that is not a well-formed compact JWS, or not signed with RS256 by one of the keys given. */
export class JwtRejected extends Error {}

/** A compact JWS taken apart, nothing verified yet: read the payload to find the keys, then `verifyJws`. */
export interface ParsedJws {
  header: JwtPayload;
  payload: JwtPayload;
  signingInput: string;
  signature: string;
}

export function parseJws(token: string): ParsedJws {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtRejected('not a compact JWS');
  const [header, payload, signature] = parts as [string, string, string];
  // Buffer's base64url decoding skips characters outside the alphabet and ignores stray bits, so a
  // signature could be written many ways; only its one canonical spelling is a token, as in jose.
  if (!BASE64URL.test(signature) || Buffer.from(signature, 'base64url').toString('base64url') !== signature) throw new JwtRejected('signature is not base64url');
  return { header: parseJson(header), payload: parseJson(payload), signingInput: `${header}.${payload}`, signature };
}

/**
 * Checks that one of `keys` (by `kid`) signed the JWS with RS256; claims are the caller's to check. A
 * header with `crit` is refused, as RFC 7515 requires for extensions not understood.
 */
export function verifyJws(jws: ParsedJws, keys: ReadonlyMap<string, KeyObject>): void {
  const { header } = jws;
  if (header.alg !== 'RS256' || header.crit !== undefined) throw new JwtRejected('unexpected header');
  const candidates = typeof header.kid === 'string' ? [keys.get(header.kid)] : [...keys.values()];
  const data = Buffer.from(jws.signingInput);
  const signature = Buffer.from(jws.signature, 'base64url');
  if (!candidates.some((key) => key !== undefined && verify('sha256', data, key, signature))) throw new JwtRejected('signature');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function parseJson(part: string): JwtPayload {
  if (!BASE64URL.test(part)) throw new JwtRejected('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtRejected('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtRejected('not a JSON object');
  return value as JwtPayload;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
