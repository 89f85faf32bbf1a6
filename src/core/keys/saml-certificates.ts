import { createPrivateKey } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { generateSigningCertificate } from '../../crypto/signing-keys.js';
import type { SealedSecret } from '../../crypto/seal.js';
import { isUniqueViolation } from '../../store/database.js';
import type { SigningKeyRecord } from '../../store/signing-keys.js';
import { findSigningKey, insertSigningKey } from '../../store/signing-keys.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/**
 * The pool's two SAML keys, each with a self-signed certificate: one signs the AuthnRequests and
 * LogoutRequests the pool sends (GetSigningCertificate), the other receives assertions an IdP
 * encrypts for the pool. Made on first use and then the same for good; their own keys, not the
 * token keys, so that rotating token keys never changes what a SAML IdP was configured with.
 * Private keys are stored sealed, in the signing-key table under purposes that never sign tokens.
 */

export type SamlKeyUse = 'signing' | 'encryption';

export interface SamlKeyPair {
  /** DER in base64 without PEM armour, as GetSigningCertificate returns it. */
  certificate: string;
  /** PKCS#8 PEM, for the SAML library. */
  privateKeyPem: string;
}

// One stored certificate per pool and use: the fixed kid makes a second node's concurrent insert a unique violation.
const KID_PREFIX: Record<SamlKeyUse, string> = { signing: 'saml', encryption: 'saml-encryption' };
const PURPOSE: Record<SamlKeyUse, string> = { signing: 'saml', encryption: 'saml-encryption' };
const kidOf = (poolId: string, use: SamlKeyUse) => `${KID_PREFIX[use]}:${poolId}`;
const cacheKey = (poolId: string, use: SamlKeyUse) => `saml-key:${use}:${poolId}`;
// The sealing context token keys use, so rows written before the encryption key existed still open.
const sealContext = (poolId: string, kid: string) => `signing-key:${poolId}:${kid}`;
const creating = new Map<string, Promise<void>>();

function toPair(services: Services, row: SigningKeyRecord): SamlKeyPair {
  const jwk = JSON.parse(services.sealer.openString(row.sealed_private_jwk as SealedSecret, sealContext(row.pool_id, row.kid))) as JsonWebKey;
  return {
    certificate: row.public_jwk.x5c![0]!,
    privateKeyPem: createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The pool's SAML key of this use with its certificate, made on first use. */
export async function samlKeyPair(services: Services, poolId: string, use: SamlKeyUse): Promise<SamlKeyPair> {
  await getPool(services, poolId);
  const load = () =>
    services.cache.get(cacheKey(poolId, use), async () => {
      const row = await findSigningKey(services.store.db, kidOf(poolId, use));
      return row ? toPair(services, row) : undefined;
    });
  const cached = await load();
  if (cached) return cached;
  const key = `${use}:${poolId}`;
  let pending = creating.get(key);
  if (!pending) {
    pending = createCertificate(services, poolId, use).finally(() => creating.delete(key));
    creating.set(key, pending);
  }
  await pending;
  const created = await load();
  if (!created) throw new Error(`the SAML ${use} certificate of ${poolId} was not stored`);
  return created;
}

/** The pool's SAML signing certificate (base64 DER): GetSigningCertificate. */
export async function signingCertificate(services: Services, poolId: string): Promise<string> {
  return (await samlKeyPair(services, poolId, 'signing')).certificate;
}

async function createCertificate(services: Services, poolId: string, use: SamlKeyUse): Promise<void> {
  const now = services.clock.now();
  const generated = await generateSigningCertificate({ commonName: poolId, now, serial: services.random.bytes(16), keyUsage: use });
  const kid = kidOf(poolId, use);
  try {
    await insertSigningKey(services.store.db, {
      kid,
      pool_id: poolId,
      purpose: PURPOSE[use],
      sealed_private_jwk: services.sealer.seal(JSON.stringify(generated.privateJwk), sealContext(poolId, kid)),
      public_jwk: generated.publicJwk,
      created_at: now,
      retire_after: null,
    });
  } catch (error) {
    // Another node made the pool's certificate first; theirs is the one.
    if (!isUniqueViolation(error)) throw error;
  }
}
