import type { ParsedJws } from '../../crypto/jwt.js';

/**
 * Access tokens that verified, taken apart, by the token itself. An app sends the same access token
 * with every call; taking it apart (base64url checks, two JSON parses) cost a tenth of a GetUser. What
 * taking apart yields depends on the token's text alone, so it is kept across servers in one process;
 * whether the token is still good is not: the signature memory is per key set (signing-keys.ts), and
 * expiry, revocation and the user are checked on every call. Frozen, since every caller shares it.
 */
const remembered = new Map<string, ParsedJws>();

/** About 2.5 KB each (the token and its parts), oldest forgotten first. */
const KEPT = 2_000;

/**
 * Longer tokens are not kept. Cognito's are 1-2 KB, a few KB with many groups; and V8 hashes a string
 * of over 16 K characters by its length alone, so a map of such keys would compare them in full.
 */
const LONGEST_KEPT = 8 * 1024;

/** The parts of a token that verified before; undefined when it is not remembered. */
export function rememberedToken(token: string): ParsedJws | undefined {
  return remembered.get(token);
}

/** Keeps the parts of a token whose signature was just verified. */
export function rememberToken(token: string, jws: ParsedJws): void {
  if (token.length > LONGEST_KEPT || remembered.has(token)) return;
  if (remembered.size >= KEPT) remembered.delete(remembered.keys().next().value!);
  remembered.set(token, deepFreeze(jws));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
