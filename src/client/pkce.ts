import { createHash, randomBytes } from 'node:crypto';

export type ChallengeMethod = 'S256' | 'plain';

export interface Pkce {
  verifier: string;
  challenge: string;
  method: ChallengeMethod;
}

/** RFC 7636: a 43-128 character verifier from the unreserved set, and its challenge. */
export function createPkce(method: ChallengeMethod = 'S256', verifier = randomBytes(32).toString('base64url')): Pkce {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new RangeError('A PKCE code verifier is 43-128 characters of A-Z a-z 0-9 - . _ ~');
  const challenge = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return { verifier, challenge, method };
}

/** An unguessable value for `state` or `nonce`. */
export const randomToken = (): string => randomBytes(16).toString('base64url');
