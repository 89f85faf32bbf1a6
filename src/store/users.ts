/** Users, their attributes and sign-in aliases, and ListUsers' indexed search. */
import type { RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import { prepared } from './prepared.js';
import type { UserAliasRow, UserAttributeRow, UserRow } from './schema.js';
import { familyRevocation } from './tokens.js';
import type { StoredUserSettings } from './user-settings.js';
import { settingsColumn } from './user-settings.js';

/** A user as stored, its settings decoded. */
export type UserRecord = Omit<UserRow, 'settings_json'> & { settings: StoredUserSettings };

export const toUserRecord = ({ settings_json, ...row }: UserRow): UserRecord => ({ ...row, settings: settingsColumn.decode(settings_json) });
const toUserRecordOrNot = (row: UserRow | undefined) => row && toUserRecord(row);

export const findUserByKey = async (db: Executor, poolId: string, usernameKey: string): Promise<UserRecord | undefined> =>
  toUserRecordOrNot(await db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey).executeTakeFirst());

/** The user row, locked until the transaction ends on PostgreSQL (SQLite transactions are serial anyway). */
export const findUserByKeyForUpdate = async (trx: Executor, poolId: string, usernameKey: string, engine: Engine): Promise<UserRecord | undefined> => {
  const q = trx.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey);
  return toUserRecordOrNot(await (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst());
};

export const findUserBySub = async (db: Executor, poolId: string, sub: string): Promise<UserRecord | undefined> =>
  toUserRecordOrNot(await db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('sub', '=', sub).executeTakeFirst());

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

export const insertUser = (db: Executor, { settings, ...user }: UserRecord) =>
  db
    .insertInto('users')
    .values({ ...user, settings_json: settingsColumn.encode(settings) })
    .execute();

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

export type UserChanges = Partial<Pick<UserRecord, 'status' | 'enabled' | 'sealed_password' | 'password_updated_at' | 'settings'>> & {
  updated_at: number;
};

export const updateUser = (db: Executor, poolId: string, usernameKey: string, { settings, ...changes }: UserChanges) =>
  db
    .updateTable('users')
    .set(settings === undefined ? changes : { ...changes, settings_json: settingsColumn.encode(settings) })
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .execute();

/**
 * Deletes the user and everything hanging off it. The foreign keys cascade, but the rows are deleted
 * explicitly too so that nothing depends on SQLite's per-connection `foreign_keys` pragma.
 */
export async function deleteUser(db: Executor, poolId: string, usernameKey: string): Promise<void> {
  await db.deleteFrom('user_attributes').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('user_aliases').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('federation_links').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
  await db.deleteFrom('users').where('pool_id', '=', poolId).where('username_key', '=', usernameKey).execute();
}

/** What ListUsers may filter on, already mapped to columns by the core. */
export type UserSearch =
  | { on: 'username_key' | 'sub' | 'status'; op: '=' | '^='; value: string }
  | { on: 'enabled'; values: number[] }
  | { on: 'attribute'; name: string; op: '=' | '^='; value: string };

/**
 * One page of a pool's users in `username_key` order, after `afterKey`, optionally filtered.
 * Every filter is answered from an index: the users primary key, `users_pool_sub`, `users_pool_status`,
 * `users_pool_enabled`, `user_attributes_search`, and on PostgreSQL the prefix indexes of 0002_user_search.
 */
export function searchUsers(
  db: Executor,
  engine: Engine,
  poolId: string,
  search: UserSearch | undefined,
  afterKey: string | undefined,
  limit: number,
): Promise<UserRecord[]> {
  return searchUsersQuery(db, engine, poolId, search, afterKey, limit).execute().then((rows) => rows.map(toUserRecord));
}

/** The statement behind `searchUsers`, exposed so tests can check its query plan. */
export function searchUsersQuery(
  db: Executor,
  engine: Engine,
  poolId: string,
  search: UserSearch | undefined,
  afterKey: string | undefined,
  limit: number,
) {
  let q = db.selectFrom('users').selectAll('users').where('users.pool_id', '=', poolId);
  if (search?.on === 'attribute') {
    q = q
      .innerJoin('user_attributes as a', (j) =>
        j.onRef('a.pool_id', '=', 'users.pool_id').onRef('a.username_key', '=', 'users.username_key'),
      )
      .where('a.pool_id', '=', poolId)
      .where('a.name', '=', search.name)
      .where(attributeMatch(engine, search.op, search.value));
  } else if (search?.on === 'enabled') {
    q = q.where('users.enabled', 'in', search.values);
  } else if (search) {
    q = q.where(match(engine, sql.ref(`users.${search.on}`), search.op, search.value));
  }
  if (afterKey !== undefined) q = q.where('users.username_key', '>', afterKey);
  return q.orderBy('users.username_key').limit(limit);
}

/**
 * Exact or prefix comparison that can use a b-tree index on both engines: SQLite's GLOB (case-sensitive,
 * index-friendly with the BINARY collation) and PostgreSQL's LIKE over a `text_pattern_ops` index.
 */
function match(engine: Engine, column: RawBuilder<unknown>, op: '=' | '^=', value: string) {
  if (op === '=') return sql<boolean>`${column} = ${value}`;
  if (value === '') return sql<boolean>`1 = 1`;
  if (engine === 'sqlite') return sql<boolean>`${column} GLOB ${value.replace(/[*?[]/g, '[$&]') + '*'}`;
  return sql<boolean>`${column} LIKE ${value.replace(/[\\%_]/g, '\\$&') + '%'}`;
}

/** The length of the attribute-value head that PostgreSQL indexes (migration 0013). */
const ATTRIBUTE_INDEX_PREFIX = 256;

/**
 * An attribute-value comparison. On PostgreSQL the index holds only the value's head, so the head is
 * compared first (what the index serves) and the whole value after, for values longer than the head.
 */
function attributeMatch(engine: Engine, op: '=' | '^=', value: string) {
  const column = sql.ref('a.value');
  if (engine === 'sqlite') return match(engine, column, op, value);
  const head = sql`left(${column}, ${sql.lit(ATTRIBUTE_INDEX_PREFIX)})`;
  const valueHead = [...value].slice(0, ATTRIBUTE_INDEX_PREFIX).join('');
  if (op === '=') return sql<boolean>`${head} = ${valueHead} and ${column} = ${value}`;
  return sql<boolean>`${match(engine, head, op, valueHead)} and ${match(engine, column, op, value)}`;
}

/** Sets one attribute, inserting or replacing it. */
export async function setAttribute(db: Executor, poolId: string, usernameKey: string, name: string, value: string): Promise<void> {
  await db
    .insertInto('user_attributes')
    .values({ pool_id: poolId, username_key: usernameKey, name, value })
    .onConflict((oc) => oc.columns(['pool_id', 'username_key', 'name']).doUpdateSet({ value }))
    .execute();
}

/**
 * A user's attributes as one column, a JSON array of [name, value] pairs, so that a user and its
 * attributes come back in one round trip (a lookup used to be two: each costs a PostgreSQL round trip).
 */
function attributesColumn(engine: Engine): RawBuilder<unknown> {
  return engine === 'postgres'
    ? sql<unknown>`(select coalesce(json_agg(json_build_array(a.name, a.value)), '[]'::json) from user_attributes a where a.pool_id = users.pool_id and a.username_key = users.username_key)`
    : sql<unknown>`(select json_group_array(json_array(a.name, a.value)) from user_attributes a where a.pool_id = users.pool_id and a.username_key = users.username_key)`;
}

/** pg parses json columns; SQLite returns the text. */
function decodeAttributes(column: unknown): { name: string; value: string }[] {
  const pairs = (typeof column === 'string' ? JSON.parse(column) : column) as [string, string][];
  return pairs.map(([name, value]) => ({ name, value }));
}

/** A user as stored, with its attributes. */
export interface UserWithAttributes {
  user: UserRecord;
  attributes: { name: string; value: string }[];
}

function withAttributes(row: (UserRow & { attributes_json: unknown }) | undefined): UserWithAttributes | undefined {
  if (!row) return undefined;
  const { attributes_json, ...user } = row;
  return { user: toUserRecord(user), attributes: decodeAttributes(attributes_json) };
}

const userWithAttributesByKey = prepared<{ poolId: string; usernameKey: string }, UserRow & { attributes_json: unknown }>((db, v, engine) =>
  db
    .selectFrom('users')
    .selectAll('users')
    .select(attributesColumn(engine).as('attributes_json'))
    .where('users.pool_id', '=', v.poolId)
    .where('users.username_key', '=', v.usernameKey),
);

/** The user by key and its attributes, in one statement (prepared: every sign-in starts here). */
export const findUserWithAttributesByKey = async (db: Executor, engine: Engine, poolId: string, usernameKey: string): Promise<UserWithAttributes | undefined> =>
  withAttributes((await userWithAttributesByKey(db, engine, { poolId, usernameKey }))[0]);

/** The user holding one of the given sign-in aliases, and its attributes, in one statement. */
export const findUserWithAttributesByAlias = async (
  db: Executor,
  engine: Engine,
  poolId: string,
  kinds: readonly string[],
  valueKey: string,
): Promise<UserWithAttributes | undefined> =>
  withAttributes(
    await db
      .selectFrom('user_aliases')
      .innerJoin('users', (j) => j.onRef('users.pool_id', '=', 'user_aliases.pool_id').onRef('users.username_key', '=', 'user_aliases.username_key'))
      .selectAll('users')
      .select(attributesColumn(engine).as('attributes_json'))
      .where('user_aliases.pool_id', '=', poolId)
      .where('user_aliases.kind', 'in', kinds)
      .where('user_aliases.value_key', '=', valueKey)
      .executeTakeFirst(),
  );

/** A user with its attributes and what decides whether one of its access tokens still holds. */
export interface TokenSubjectRecord extends UserWithAttributes {
  /** Global sign-out: tokens issued before this (epoch ms) are void. */
  tokensValidAfter: number | null;
  /** The newest revocation in the token's refresh-token family, if any member is revoked. */
  familyRevokedAt: number | null;
}

const epochOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

type TokenSubjectRow = UserRow & { attributes_json: unknown; tokens_valid_after: unknown; family_revoked_at: unknown };

/** The token subject's statement, with or without the token family's revocation (a refresh-less token has none). */
function tokenSubjectStatement(family: boolean) {
  return prepared<{ poolId: string; usernameKey: string; originJti?: string }, TokenSubjectRow>((db, v, engine) =>
    db
      .selectFrom('users')
      .leftJoin('user_sign_in_state as s', (j) => j.onRef('s.pool_id', '=', 'users.pool_id').onRef('s.username_key', '=', 'users.username_key'))
      .selectAll('users')
      .select([
        attributesColumn(engine).as('attributes_json'),
        's.tokens_valid_after',
        (family ? familyRevocation(v.originJti) : sql<number | null>`cast(null as bigint)`).as('family_revoked_at'),
      ])
      .where('users.pool_id', '=', v.poolId)
      .where('users.username_key', '=', v.usernameKey),
  );
}
const tokenSubjectOfFamily = tokenSubjectStatement(true);
const tokenSubjectAlone = tokenSubjectStatement(false);

/**
 * What an access token's check reads, in one round trip instead of four: the user by key, its
 * attributes (as one JSON column of [name, value] pairs), its global sign-out time and the revocation
 * of the token's family. Undefined when no user has the key.
 */
export async function findTokenSubject(db: Executor, engine: Engine, poolId: string, usernameKey: string, originJti: string | null): Promise<TokenSubjectRecord | undefined> {
  const [row] =
    originJti === null ? await tokenSubjectAlone(db, engine, { poolId, usernameKey }) : await tokenSubjectOfFamily(db, engine, { poolId, usernameKey, originJti });
  if (!row) return undefined;
  const { tokens_valid_after, family_revoked_at, ...user } = row;
  return { ...withAttributes(user)!, tokensValidAfter: epochOrNull(tokens_valid_after), familyRevokedAt: epochOrNull(family_revoked_at) };
}
