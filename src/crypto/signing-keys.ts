import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { exportJWK, generateKeyPair } from 'jose';

export interface GeneratedKey {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

/**
 * A fresh RS256 key. The `kid` is the base64 (with padding) of a SHA-256 over the modulus,
 * shaped like the kids Cognito publishes.
 */
export async function generateSigningKey(): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const pub = await exportJWK(publicKey);
  const priv = await exportJWK(privateKey);
  const kid = createHash('sha256').update(pub.n!).digest('base64');
  return {
    kid,
    publicJwk: { alg: 'RS256', e: pub.e, kid, kty: 'RSA', n: pub.n, use: 'sig' },
    privateJwk: { ...priv, alg: 'RS256', kid },
  };
}
