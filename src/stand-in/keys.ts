import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';
import type { Sealer, SealedSecret } from '../crypto/seal.js';
import type { Store } from '../store/database.js';
import { insertMetaIfAbsent } from '../store/meta.js';

/**
 * The stand-in's one RS256 key, for the ID tokens it signs as Google or Apple. It is the stand-in's
 * own (never a pool's key: what the stand-in signs is a third party's word, not Cognate's), kept sealed
 * in the database so every node sharing it signs and publishes the same key.
 */

const META_NAME = 'stand-in-signing-key';
const SEAL_CONTEXT = 'stand-in-signing-key';

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

export interface StandInKey {
  kid: string;
  privateKey: SigningKey;
  publicJwk: JWK;
}

export function standInKeys(store: Store, sealer: Sealer, now: () => number): () => Promise<StandInKey> {
  let loading: Promise<StandInKey> | undefined;
  return () => {
    loading ??= load(store, sealer, now).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function load(store: Store, sealer: Sealer, now: () => number): Promise<StandInKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const fresh = { ...(await exportJWK(privateKey)), kid: `stand-in-${now().toString(36)}`, alg: 'RS256', use: 'sig' };
  // Another node may have written its key first: the stored one wins, whichever it is.
  const stored = await insertMetaIfAbsent(store.db, META_NAME, sealer.seal(JSON.stringify(fresh), SEAL_CONTEXT), now());
  const jwk = JSON.parse(sealer.open(stored as SealedSecret, SEAL_CONTEXT).toString('utf8')) as JWK & { kid: string };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return { kid: jwk.kid, privateKey: await importJWK(jwk, 'RS256'), publicJwk };
}
