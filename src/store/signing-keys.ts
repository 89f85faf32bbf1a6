/** Per-pool signing keys: the private key sealed, the public JWK decoded, and rotation. */
import type { JWK } from 'jose';
import type { Executor } from './database.js';
import { isObject, isString, jsonColumn } from './json.js';
import type { SigningKeyRow } from './schema.js';

/** The purposes whose keys sign tokens and appear in the JWKS; other keys (the SAML certificate's) never do. */
const TOKEN_PURPOSES = ['id', 'access'];

const isJwk = (value: unknown): value is JWK => isObject(value) && isString(value.kty);

const publicJwkColumn = jsonColumn('signing_keys.public_jwk_json', isJwk);

/** A key as stored, its public JWK decoded. */
export type SigningKeyRecord = Omit<SigningKeyRow, 'public_jwk_json'> & { public_jwk: JWK };

const toRecord = ({ public_jwk_json, ...row }: SigningKeyRow): SigningKeyRecord => ({ ...row, public_jwk: publicJwkColumn.decode(public_jwk_json) });

export const insertSigningKey = (db: Executor, { public_jwk, ...key }: SigningKeyRecord) =>
  db
    .insertInto('signing_keys')
    .values({ ...key, public_jwk_json: publicJwkColumn.encode(public_jwk) })
    .execute();

/** Token keys still published: signing ones and retired ones whose tokens may still be valid. */
export const publishedKeys = async (db: Executor, poolId: string, now: number): Promise<SigningKeyRecord[]> =>
  (
    await db
      .selectFrom('signing_keys')
      .selectAll()
      .where('pool_id', '=', poolId)
      .where('purpose', 'in', TOKEN_PURPOSES)
      .where((eb) => eb.or([eb('retire_after', 'is', null), eb('retire_after', '>', now)]))
      .orderBy('created_at')
      .orderBy('kid')
      .execute()
  ).map(toRecord);

/** Stops the pool's signing token keys from signing; they stay published until `retireAfter`. */
export const retireKeys = (db: Executor, poolId: string, retireAfter: number) =>
  db
    .updateTable('signing_keys')
    .set({ retire_after: retireAfter })
    .where('pool_id', '=', poolId)
    .where('purpose', 'in', TOKEN_PURPOSES)
    .where('retire_after', 'is', null)
    .execute();

export const findSigningKey = async (db: Executor, kid: string): Promise<SigningKeyRecord | undefined> => {
  const row = await db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
  return row && toRecord(row);
};
