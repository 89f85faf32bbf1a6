import type { Executor } from './database.js';
import type { SigningKeyRow } from './schema.js';

export const insertSigningKey = (db: Executor, row: SigningKeyRow) => db.insertInto('signing_keys').values(row).execute();

/** Keys still published: signing ones and retired ones whose tokens may still be valid. */
export const publishedKeys = (db: Executor, poolId: string, now: number) =>
  db
    .selectFrom('signing_keys')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where((eb) => eb.or([eb('retire_after', 'is', null), eb('retire_after', '>', now)]))
    .orderBy('created_at')
    .orderBy('kid')
    .execute();

export const retireKeys = (db: Executor, poolId: string, retireAfter: number) =>
  db.updateTable('signing_keys').set({ retire_after: retireAfter }).where('pool_id', '=', poolId).where('retire_after', 'is', null).execute();
