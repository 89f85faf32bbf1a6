import type { JWK } from 'jose';
import { importJWK } from 'jose';
import { generateSigningKey } from '../crypto/signing-keys.js';
import type { SealedSecret } from '../crypto/seal.js';
import { insertSigningKey, publishedKeys, retireKeys } from '../store/signing-keys.js';
import type { SigningKeyRow } from '../store/schema.js';
import type { Services } from './services.js';

/** Cognito signs ID tokens and access tokens with two different keys of the pool. */
export type KeyPurpose = 'id' | 'access';

type PrivateKey = Exclude<Awaited<ReturnType<typeof importJWK>>, Uint8Array>;

export interface ActiveKey {
  kid: string;
  privateKey: PrivateKey;
}

interface PoolKeys {
  rows: SigningKeyRow[];
  active: Record<KeyPurpose, ActiveKey>;
}

const cacheKey = (poolId: string) => `keys:${poolId}`;
const sealContext = (poolId: string, kid: string) => `signing-key:${poolId}:${kid}`;
// One generation at a time per pool within this process, so concurrent first requests make one pair of keys.
const creating = new Map<string, Promise<void>>();

async function loadKeys(services: Services, poolId: string): Promise<PoolKeys> {
  const keys = await services.cache.get(cacheKey(poolId), async () => {
    const rows = await publishedKeys(services.store.db, poolId, services.clock.now());
    const active: Partial<Record<KeyPurpose, ActiveKey>> = {};
    for (const purpose of ['id', 'access'] as const) {
      // The newest key that has not been rotated out signs.
      const row = rows.filter((r) => r.purpose === purpose && r.retire_after === null).at(-1);
      if (!row) return undefined;
      const jwk = JSON.parse(services.sealer.openString(row.sealed_private_jwk as SealedSecret, sealContext(poolId, row.kid))) as JWK;
      active[purpose] = { kid: row.kid, privateKey: (await importJWK(jwk, 'RS256')) as PrivateKey };
    }
    return { rows, active: active as Record<KeyPurpose, ActiveKey> };
  });
  if (keys) return keys;
  let pending = creating.get(poolId);
  if (!pending) {
    pending = createKeys(services, poolId).finally(() => creating.delete(poolId));
    creating.set(poolId, pending);
  }
  await pending;
  return loadKeys(services, poolId);
}

async function createKeys(services: Services, poolId: string): Promise<void> {
  const [idKey, accessKey] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  const now = services.clock.now();
  await services.store.transaction(async (trx) => {
    for (const [purpose, key] of [['id', idKey], ['access', accessKey]] as const) {
      await insertSigningKey(trx, {
        kid: key.kid,
        pool_id: poolId,
        purpose,
        sealed_private_jwk: services.sealer.seal(JSON.stringify(key.privateJwk), sealContext(poolId, key.kid)),
        public_jwk_json: JSON.stringify(key.publicJwk),
        created_at: now,
        retire_after: null,
      });
    }
  });
  services.cache.invalidate(cacheKey(poolId));
}

/** The key that signs tokens of this purpose now; the pool's keys are made on first use. */
export async function activeKey(services: Services, poolId: string, purpose: KeyPurpose): Promise<ActiveKey> {
  return (await loadKeys(services, poolId)).active[purpose];
}

/** The pool's JWKS: every key that signs now, and every rotated-out key whose tokens may still be valid. */
export async function poolJwks(services: Services, poolId: string): Promise<{ keys: JWK[] }> {
  const { rows } = await loadKeys(services, poolId);
  const now = services.clock.now();
  return { keys: rows.filter((r) => r.retire_after === null || r.retire_after > now).map((r) => JSON.parse(r.public_jwk_json) as JWK) };
}

/**
 * Publishes and starts signing with a new pair of keys. The old keys stay in the JWKS for
 * `overlapMs` (the longest lifetime of a token they signed), then drop out.
 */
export async function rotateKeys(services: Services, poolId: string, overlapMs: number): Promise<{ id: string; access: string }> {
  await loadKeys(services, poolId);
  await retireKeys(services.store.db, poolId, services.clock.now() + overlapMs);
  services.cache.invalidate(cacheKey(poolId));
  const keys = await loadKeys(services, poolId);
  return { id: keys.active.id.kid, access: keys.active.access.kid };
}
