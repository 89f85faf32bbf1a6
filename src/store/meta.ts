import type { Executor } from './database.js';

/** A value of cognate_meta; undefined when it was never written. */
export async function readMeta(db: Executor, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('cognate_meta').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Writes the value unless one is there already (another node may write it at the same moment); the stored one wins. */
export async function insertMetaIfAbsent(db: Executor, name: string, value: string, now: number): Promise<string> {
  await db
    .insertInto('cognate_meta')
    .values({ name, value, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await readMeta(db, name))!;
}
