import { createHmac, timingSafeEqual } from 'node:crypto';
import { N, g, hexHash, k, modPowN, padHex, toHex } from './srp.js';

/**
 * The server side of Cognito's USER_SRP_AUTH (cognito-wire.md §6, steps 2 and 4), built on the
 * shared arithmetic of srp.ts. Hex values are lowercase, minimal and unpadded, as the wire carries
 * them; every hash goes through padHex exactly as amazon-cognito-identity-js computes it.
 */

const INFO_BITS = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);

/** A 3072-bit value is at most 768 hex digits; anything longer is refused before any arithmetic. */
const MAX_HEX_DIGITS = 768;

/** Whether a client's SRP_A is usable: hex, not longer than N, and A mod N ≠ 0 (the SRP-6a safety check). */
export function isValidSrpA(srpA: string): boolean {
  if (!/^[0-9a-fA-F]+$/.test(srpA)) return false;
  if (srpA.replace(/^0+/, '').length > MAX_HEX_DIGITS) return false;
  return BigInt(`0x${srpA}`) % N !== 0n;
}

export interface ServerEphemeral {
  /** The server's secret exponent, hex. */
  b: string;
  /** B = (k·v + g^b) mod N, hex. */
  B: string;
}

/**
 * Picks b and computes B = (k·v + g^b) mod N for the stored verifier. `randomBytes` comes from the
 * caller's provider; b is 256 bits, as strong as the SHA-256 around it.
 */
export function serverEphemeral(verifierHex: string, randomBytes: (n: number) => Buffer): ServerEphemeral {
  const v = BigInt(`0x${toHex(verifierHex)}`);
  for (;;) {
    const b = toHex(randomBytes(32).toString('hex'));
    if (b === '0') continue;
    const B = (k * v + BigInt(`0x${modPowN(g, b)}`)) % N;
    if (B !== 0n) return { b, B: B.toString(16) };
  }
}

/** u = H(padHex(A) ‖ padHex(B)), hex (not padded). */
export function scramblingParameter(A: string, B: string): string {
  return hexHash(padHex(A) + padHex(B));
}

/**
 * The 16-byte key both sides derive: S = (A · v^u)^b mod N, then HKDF with padHex(u) as salt and
 * padHex(S) as input keying material. Undefined when u = 0, which the client also refuses.
 */
export function serverSessionKey(params: { A: string; B: string; b: string; verifier: string }): Buffer | undefined {
  const u = scramblingParameter(params.A, params.B);
  if (BigInt(`0x${u}`) === 0n) return undefined;
  const A = BigInt(`0x${toHex(params.A)}`);
  const vu = BigInt(`0x${modPowN(params.verifier, u)}`);
  const S = modPowN((A * vu) % N, params.b);
  return hkdf(u, S);
}

/** Cognito's one-block HKDF: PRK = HMAC(salt = padHex(u), ikm = padHex(S)); K = HMAC(PRK, info ‖ 0x01)[0..16). */
export function hkdf(uHex: string, sHex: string): Buffer {
  const prk = createHmac('sha256', Buffer.from(padHex(uHex), 'hex')).update(Buffer.from(padHex(sHex), 'hex')).digest();
  return createHmac('sha256', prk).update(INFO_BITS).digest().subarray(0, 16);
}

/**
 * PASSWORD_CLAIM_SIGNATURE = Base64(HMAC(K, poolName ‖ userId ‖ secretBlockBytes ‖ timestamp)), over the
 * TIMESTAMP string exactly as the client sent it.
 */
export function claimSignature(key: Buffer, poolName: string, userId: string, secretBlock: Buffer, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userId, 'utf8'))
    .update(secretBlock)
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
}

/** Compares the client's signature with the expected one in constant time (a malformed one simply fails). */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(given, 'base64');
  // Equal-length buffers only; the expected length (32 bytes) is public, so the early length check leaks nothing.
  if (a.length !== b.length || b.toString('base64') !== given) return false;
  return timingSafeEqual(a, b);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Roughly the shape "EEE MMM d HH:mm:ss z yyyy"; anything else is not a timestamp at all. */
const LOOSE = /^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{1,2}:\d{1,2}:\d{1,2} [A-Za-z]+ \d{4}$/;
/** The exact form the SDKs send: English names, UTC, day not zero-padded, time zero-padded. */
const STRICT = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d) UTC (\d{4})$/;

export type TimestampCheck = { kind: 'ok'; ms: number } | { kind: 'malformed' } | { kind: 'wrong' };

/**
 * Reads a PASSWORD_VERIFIER TIMESTAMP. `malformed` when it does not look like a timestamp at all (Cognito
 * answers InvalidParameterException); `wrong` when it looks like one but is not the canonical form of a
 * real date: zero-padded day, wrong weekday, impossible date (Cognito answers as for a bad signature).
 */
export function parseSrpTimestamp(timestamp: string): TimestampCheck {
  if (!LOOSE.test(timestamp)) return { kind: 'malformed' };
  const m = STRICT.exec(timestamp);
  if (!m) return { kind: 'wrong' };
  const [, day, month, date, hh, mm, ss, year] = m;
  const ms = Date.UTC(Number(year), MONTHS.indexOf(month!), Number(date), Number(hh), Number(mm), Number(ss));
  const d = new Date(ms);
  if (d.getUTCDate() !== Number(date) || DAYS[d.getUTCDay()] !== day) return { kind: 'wrong' };
  return { kind: 'ok', ms };
}

/** The TIMESTAMP amazon-cognito-identity-js would send at `ms`, for tests and tools. */
export function formatSrpTimestamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(
    d.getUTCSeconds(),
  )} UTC ${d.getUTCFullYear()}`;
}
