import type { Executor } from './database.js';
import type { UserAliasRow, UserAttributeRow, UserRow } from './schema.js';

export const findUserByKey = (db: Executor, poolId: string, usernameKey: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey).executeTakeFirst();

export const findUserBySub = (db: Executor, poolId: string, sub: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('sub', '=', sub).executeTakeFirst();

/** The user holding one of the given sign-in aliases, through the alias primary key. */
export const findUserByAlias = (
  db: Executor,
  poolId: string,
  kinds: readonly string[],
  valueKey: string,
): Promise<UserRow | undefined> =>
  db
    .selectFrom('user_aliases')
    .innerJoin('users', (j) =>
      j.onRef('users.pool_id', '=', 'user_aliases.pool_id').onRef('users.username_key', '=', 'user_aliases.username_key'),
    )
    .selectAll('users')
    .where('user_aliases.pool_id', '=', poolId)
    .where('user_aliases.kind', 'in', kinds)
    .where('user_aliases.value_key', '=', valueKey)
    .executeTakeFirst();

export const findAliasOwner = (db: Executor, poolId: string, kind: string, valueKey: string) =>
  db
    .selectFrom('user_aliases')
    .select('username_key')
    .where('pool_id', '=', poolId)
    .where('kind', '=', kind)
    .where('value_key', '=', valueKey)
    .executeTakeFirst();

export const listAttributes = (db: Executor, poolId: string, usernameKey: string): Promise<UserAttributeRow[]> =>
  db
    .selectFrom('user_attributes')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .execute();

/** The attributes of several users at once (one query for a page of ListUsers). */
export const listAttributesOf = async (db: Executor, poolId: string, usernameKeys: string[]): Promise<UserAttributeRow[]> =>
  usernameKeys.length === 0
    ? []
    : db
        .selectFrom('user_attributes')
        .selectAll()
        .where('pool_id', '=', poolId)
        .where('username_key', 'in', usernameKeys)
        .execute();

export const listAliases = (db: Executor, poolId: string, usernameKey: string): Promise<UserAliasRow[]> =>
  db.selectFrom('user_aliases').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();

export const insertUser = (db: Executor, row: UserRow) => db.insertInto('users').values(row).execute();

export const insertAttributes = async (db: Executor, rows: UserAttributeRow[]) => {
  if (rows.length > 0) await db.insertInto('user_attributes').values(rows).execute();
};

export const deleteAttributes = async (db: Executor, poolId: string, usernameKey: string, names: string[]) => {
  if (names.length === 0) return;
  await db
    .deleteFrom('user_attributes')
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('name', 'in', names)
    .execute();
};

export const insertAlias = (db: Executor, row: UserAliasRow) => db.insertInto('user_aliases').values(row).execute();

export const deleteAlias = (db: Executor, poolId: string, kind: string, valueKey: string) =>
  db.deleteFrom('user_aliases').where('pool_id', '=', poolId).where('kind', '=', kind).where('value_key', '=', valueKey).execute();

export const deleteAliasesOfKind = (db: Executor, poolId: string, usernameKey: string, kind: string) =>
  db
    .deleteFrom('user_aliases')
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('kind', '=', kind)
    .execute();

export type UserChanges = Partial<Pick<UserRow, 'status' | 'enabled' | 'sealed_password' | 'password_updated_at' | 'settings_json'>> & {
  updated_at: number;
};

export const updateUser = (db: Executor, poolId: string, usernameKey: string, changes: UserChanges) =>
  db.updateTable('users').set(changes).where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();

/**
 * Deletes the user and everything hanging off it. The foreign keys cascade, but the rows are deleted
 * explicitly too so that nothing depends on SQLite's per-connection `foreign_keys` pragma.
 */
export async function deleteUser(db: Executor, poolId: string, usernameKey: string): Promise<void> {
  await db.deleteFrom('user_attributes').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('user_aliases').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('users').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
}
