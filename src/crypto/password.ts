import { timingSafeEqual } from 'node:crypto';
import { computeVerifier, toHex } from './srp.js';

/** What is kept of a password: the SRP salt and verifier (both hex), never the password itself. */
export interface PasswordVerifier {
  salt: string;
  verifier: string;
}

export interface PasswordOwner {
  /** The part of the pool id after the underscore. */
  poolName: string;
  /** The internal username (the UUID in email/phone-as-username pools). */
  username: string;
}

/** A fresh 16-byte salt and the verifier for `password`; `randomBytes` comes from the caller's provider. */
export function hashPassword(
  owner: PasswordOwner,
  password: string,
  randomBytes: (n: number) => Buffer,
): PasswordVerifier {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: computeVerifier(owner.poolName, owner.username, password, salt) };
}

/** Recomputes the verifier and compares it in constant time. */
export function checkPassword(owner: PasswordOwner, password: string, stored: PasswordVerifier): boolean {
  const expected = fixedWidth(stored.verifier);
  const actual = fixedWidth(computeVerifier(owner.poolName, owner.username, password, stored.salt));
  return timingSafeEqual(expected, actual);
}

// Verifiers are below N (384 bytes); padding both sides to that width keeps the comparison length-independent.
function fixedWidth(hex: string): Buffer {
  return Buffer.from(toHex(hex).padStart(768, '0'), 'hex');
}
