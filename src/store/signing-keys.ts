import type { Executor } from './database.js';
import type { SigningKeyRow } from './schema.js';

/** The purposes whose keys sign tokens and appear in the JWKS; other keys (the SAML certificate's) never do. */
const TOKEN_PURPOSES = ['id', 'access'];

export const insertSigningKey = (db: Executor, row: SigningKeyRow) => db.insertInto('signing_keys').values(row).execute();

/** Token keys still published: signing ones and retired ones whose tokens may still be valid. */
export const publishedKeys = (db: Executor, poolId: string, now: number) =>
  db
    .selectFrom('signing_keys')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('purpose', 'in', TOKEN_PURPOSES)
    .where((eb) => eb.or([eb('retire_after', 'is', null), eb('retire_after', '>', now)]))
    .orderBy('created_at')
    .orderBy('kid')
    .execute();

/** Stops the pool's signing token keys from signing; they stay published until `retireAfter`. */
export const retireKeys = (db: Executor, poolId: string, retireAfter: number) =>
  db
    .updateTable('signing_keys')
    .set({ retire_after: retireAfter })
    .where('pool_id', '=', poolId)
    .where('purpose', 'in', TOKEN_PURPOSES)
    .where('retire_after', 'is', null)
    .execute();

export const findSigningKey = (db: Executor, kid: string) => db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
