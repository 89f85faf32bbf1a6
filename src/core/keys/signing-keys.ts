import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { ParsedJws } from '../../crypto/jwt.js';
import { privateKeyFromJwk, publicKeyFromJwk, verifyJws } from '../../crypto/jwt.js';
import { generateSigningKey } from '../../crypto/signing-keys.js';
import type { GeneratedKey } from '../../crypto/signing-keys.js';
import type { SealedSecret } from '../../crypto/seal.js';
import { listClients } from '../../store/clients.js';
import type { Executor } from '../../store/database.js';
import type { SigningKeyRecord } from '../../store/signing-keys.js';
import { insertSigningKey, publishedKeys, retireKeys } from '../../store/signing-keys.js';
import { clientTokenValidity, getClient } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/** Cognito signs ID tokens and access tokens with two different keys of the pool. */
export type KeyPurpose = 'id' | 'access';

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
}

interface PoolKeys {
  rows: SigningKeyRecord[];
  active: Record<KeyPurpose, ActiveKey>;
  /** What is published now, built once per key set (a rotation replaces the whole entry) until the next key retires. */
  published?: PublishedKeys;
}

interface PublishedKeys {
  /** Epoch ms from which this holds (a test's clock may go back), and at which a key drops out and it must be built again. */
  from: number;
  until: number;
  jwks: { keys: JWK[] };
  /** The JWKS document as sent: serialized once, not per request. */
  body: string;
  /** The published keys by kid, imported once, for checking Cognate's own tokens. */
  publicKeys: ReadonlyMap<string, KeyObject>;
  /** Tokens these keys verified, by the token itself: a token used again is not verified again. */
  verified: Set<string>;
}

/** How many verified tokens a pool's key set remembers (about 1 KB each), oldest forgotten first. */
const VERIFIED_TOKENS_KEPT = 2_000;

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
      active[purpose] = { kid: row.kid, privateKey: privateKeyFromJwk(jwk) };
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
  const pair = await generatePair();
  await services.store.transaction((trx) => insertPair(services, trx, poolId, pair));
  services.cache.invalidate(cacheKey(poolId));
}

type KeyPair = Record<KeyPurpose, GeneratedKey>;

async function generatePair(): Promise<KeyPair> {
  const [id, access] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  return { id, access };
}

async function insertPair(services: Services, trx: Executor, poolId: string, pair: KeyPair): Promise<void> {
  const now = services.clock.now();
  for (const purpose of ['id', 'access'] as const) {
    await insertSealedKey(services, trx, poolId, purpose, pair[purpose], now);
  }
}

function insertSealedKey(services: Services, db: Executor, poolId: string, purpose: string, key: GeneratedKey, now: number) {
  return insertSigningKey(db, {
    kid: key.kid,
    pool_id: poolId,
    purpose,
    sealed_private_jwk: services.sealer.seal(JSON.stringify(key.privateJwk), sealContext(poolId, key.kid)),
    public_jwk: key.publicJwk,
    created_at: now,
    retire_after: null,
  });
}

/** The key that signs tokens of this purpose now; the pool's keys are made on first use. */
export async function activeKey(services: Services, poolId: string, purpose: KeyPurpose): Promise<ActiveKey> {
  return (await loadKeys(services, poolId)).active[purpose];
}

/** The pool's JWKS: every key that signs now, and every rotated-out key whose tokens may still be valid. */
export async function poolJwks(services: Services, poolId: string): Promise<{ keys: JWK[] }> {
  return { keys: (await currentlyPublished(services, poolId)).jwks.keys.map((k) => ({ ...k })) };
}

/** The pool's JWKS serialized, as the JWKS endpoint sends it. */
export async function poolJwksBody(services: Services, poolId: string): Promise<string> {
  return (await currentlyPublished(services, poolId)).body;
}

/**
 * Throws JwtRejected unless one of the pool's published keys signed `token` (taken apart as `jws`).
 * An app calls with the same access token again and again, so a token these keys verified before is
 * known by its text (a lookup hashes it once, far cheaper than the RSA verification or a SHA-256 of
 * it). A rotation or a retired key builds a new key set, and with it an empty memory.
 */
export async function verifyPoolToken(services: Services, poolId: string, token: string, jws: ParsedJws): Promise<void> {
  const published = await currentlyPublished(services, poolId);
  if (published.verified.has(token)) return;
  verifyJws(jws, published.publicKeys);
  // V8 hashes a string of over 16 K characters by its length alone: such keys would be compared in full.
  if (token.length > 8 * 1024) return;
  if (published.verified.size >= VERIFIED_TOKENS_KEPT) published.verified.delete(published.verified.values().next().value!);
  published.verified.add(token);
}

async function currentlyPublished(services: Services, poolId: string): Promise<PublishedKeys> {
  const keys = await loadKeys(services, poolId);
  const now = services.clock.now();
  if (keys.published && keys.published.from <= now && now < keys.published.until) return keys.published;
  const rows = keys.rows.filter((r) => r.retire_after === null || r.retire_after > now);
  const jwks = { keys: rows.map((r) => ({ ...r.public_jwk })) };
  keys.published = {
    from: now,
    until: Math.min(Number.POSITIVE_INFINITY, ...rows.map((r) => r.retire_after ?? Number.POSITIVE_INFINITY)),
    jwks,
    body: JSON.stringify(jwks),
    publicKeys: new Map(rows.map((r) => [r.kid, publicKeyFromJwk(r.public_jwk)])),
    verified: new Set(),
  };
  return keys.published;
}

/** Cognito's default ID and access token lifetime, and the shortest overlap a rotation keeps. */
const MIN_OVERLAP_MS = 3600 * 1000;

/**
 * Other nodes sharing a PostgreSQL database hold the pool's keys in their ConfigCache for up to 2 s
 * and keep signing with the old keys until it expires; the old keys stay published a little longer
 * than the overlap so that those last tokens verify for their whole life too. The same 2 s is how
 * long another node's JWKS may still lack the new keys: verifiers that meet an unknown kid fetch the
 * JWKS again (aws-jwt-verify does), so that gap is accepted rather than pre-publishing keys.
 */
const NODE_CACHE_GRACE_MS = 60 * 1000;

/**
 * How long a rotation keeps the old keys published: the longest ID or access token lifetime among
 * the pool's app clients, and never less than Cognito's default hour. Lifetimes are read as they are
 * now; a token issued before a client's validity was shortened can outlive the overlap (at most the
 * 1-day maximum), which the hour floor covers for the default settings.
 */
export async function rotationOverlapMs(services: Services, poolId: string): Promise<number> {
  let longest = MIN_OVERLAP_MS;
  let after: string | undefined;
  for (;;) {
    const page = await listClients(services.store.db, poolId, 100, after);
    for (const { id } of page) {
      let client;
      try {
        client = await getClient(services, id);
      } catch (error) {
        // Deleted between the listing and the read: it issues no more tokens.
        if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') continue;
        throw error;
      }
      const validity = clientTokenValidity(client);
      longest = Math.max(longest, validity.idSeconds * 1000, validity.accessSeconds * 1000);
    }
    if (page.length < 100) return longest;
    after = page.at(-1)!.id;
  }
}

export interface Rotation {
  poolId: string;
  idKid: string;
  accessKid: string;
  /** Epoch ms until which the keys that signed before keep appearing in the JWKS. */
  previousKeysPublishedUntil: number;
}

/**
 * Publishes a new ID key and a new access key and starts signing with them. The keys they replace
 * stay in the JWKS until the last token they signed has expired, then drop out.
 */
export async function rotateKeys(services: Services, poolId: string): Promise<Rotation> {
  await getPool(services, poolId);
  const overlapMs = await rotationOverlapMs(services, poolId);
  const pair = await generatePair();
  const retireAfter = services.clock.now() + overlapMs + NODE_CACHE_GRACE_MS;
  // One transaction, so no request ever finds the pool with its old keys retired and no new ones
  // (which would make it create a pair of its own).
  await services.store.transaction(async (trx) => {
    await retireKeys(trx, poolId, retireAfter);
    await insertPair(services, trx, poolId, pair);
  });
  services.cache.invalidate(cacheKey(poolId));
  return { poolId, idKid: pair.id.kid, accessKid: pair.access.kid, previousKeysPublishedUntil: retireAfter };
}
