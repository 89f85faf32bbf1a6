import type { ParsedJws } from '../../crypto/jwt.js';
import { parseJws } from '../../crypto/jwt.js';

/**
 * Access tokens taken apart, by the token itself. An app sends the same access token with every call;
 * taking it apart (base64url checks, two JSON parses) cost a tenth of a GetUser. What it yields depends
 * on the token's text alone, so it is kept across servers in one process; whether a token is valid is
 * not: the signature memory is per key set (signing-keys.ts), and expiry, revocation and the user are
 * checked on every call. Frozen, since every caller shares it.
 */
const remembered = new Map<string, ParsedJws>();

/** About 2.5 KB each (the token and its parts), oldest forgotten first. */
const KEPT = 2_000;

/** `parseJws`, remembered; throws as `parseJws` does (a malformed token is not remembered). */
export function parseAccessToken(token: string): ParsedJws {
  const known = remembered.get(token);
  if (known) return known;
  const jws = deepFreeze(parseJws(token));
  if (remembered.size >= KEPT) remembered.delete(remembered.keys().next().value!);
  remembered.set(token, jws);
  return jws;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
