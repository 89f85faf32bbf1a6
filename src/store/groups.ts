import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import { prepared } from './prepared.js';
import type { GroupRow } from './schema.js';
import type { UserRecord } from './users.js';
import { toUserRecord } from './users.js';

export const findGroup = (db: Executor, poolId: string, name: string): Promise<GroupRow | undefined> =>
  db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();

export const insertGroup = (db: Executor, row: GroupRow) => db.insertInto('groups').values(row).execute();

export type GroupChanges = Partial<Pick<GroupRow, 'description' | 'role_arn' | 'precedence'>> & { updated_at: number };

export const updateGroup = (db: Executor, poolId: string, name: string, changes: GroupChanges) =>
  db.updateTable('groups').set(changes).where('pool_id', '=', poolId).where('name', '=', name).execute();

/**
 * Deletes the group and its memberships. The foreign key cascades, but memberships are deleted
 * explicitly so nothing depends on SQLite's per-connection `foreign_keys` pragma.
 */
export async function deleteGroup(db: Executor, poolId: string, name: string): Promise<boolean> {
  await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', name).execute();
  const result = await db.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Groups of a pool in name order, after `afterName` when paging (primary-key range scan). */
export const listGroups = (db: Executor, poolId: string, limit: number, afterName?: string): Promise<GroupRow[]> => {
  let q = db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit);
  if (afterName !== undefined) q = q.where('name', '>', afterName);
  return q.execute();
};

export const countGroups = async (db: Executor, poolId: string): Promise<number> =>
  Number(
    (await db.selectFrom('groups').select((eb) => eb.fn.countAll().as('n')).where('pool_id', '=', poolId).executeTakeFirstOrThrow()).n,
  );

export const findMembership = (db: Executor, poolId: string, groupName: string, usernameKey: string) =>
  db
    .selectFrom('group_members')
    .select('created_at')
    .where('pool_id', '=', poolId)
    .where('group_name', '=', groupName)
    .where('username_key', '=', usernameKey)
    .executeTakeFirst();

/**
 * Adds the membership; an existing one is left as it is. `missing-reference` when the group or the
 * user disappeared meanwhile (a foreign-key failure on either engine).
 */
export async function insertMembership(
  db: Executor,
  poolId: string,
  groupName: string,
  usernameKey: string,
  createdAt: number,
): Promise<'added' | 'missing-reference'> {
  try {
    await db
      .insertInto('group_members')
      .values({ pool_id: poolId, group_name: groupName, username_key: usernameKey, created_at: createdAt })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return 'added';
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code;
    if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'missing-reference';
    throw error;
  }
}

export const deleteMembership = (db: Executor, poolId: string, groupName: string, usernameKey: string) =>
  db
    .deleteFrom('group_members')
    .where('pool_id', '=', poolId)
    .where('group_name', '=', groupName)
    .where('username_key', '=', usernameKey)
    .execute();

/** How many groups the user is in (through the `group_members_user_idx` index). */
export const countGroupsOfUser = async (db: Executor, poolId: string, usernameKey: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId)
        .where('username_key', '=', usernameKey)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The user's groups in name order, after `afterName` when paging; no limit lists them all (for tokens). */
export const listGroupsOfUser = (
  db: Executor,
  poolId: string,
  usernameKey: string,
  limit?: number,
  afterName?: string,
): Promise<GroupRow[]> => {
  let q = db
    .selectFrom('group_members')
    .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'group_members.pool_id').onRef('groups.name', '=', 'group_members.group_name'))
    .selectAll('groups')
    .where('group_members.pool_id', '=', poolId)
    .where('group_members.username_key', '=', usernameKey)
    .orderBy('group_members.group_name');
  if (afterName !== undefined) q = q.where('group_members.group_name', '>', afterName);
  if (limit !== undefined) q = q.limit(limit);
  return q.execute();
};

const allGroupsOfUser = prepared<{ poolId: string; usernameKey: string }, GroupRow>((db, v) =>
  db
    .selectFrom('group_members')
    .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'group_members.pool_id').onRef('groups.name', '=', 'group_members.group_name'))
    .selectAll('groups')
    .where('group_members.pool_id', '=', v.poolId)
    .where('group_members.username_key', '=', v.usernameKey),
);

/** Every group of a user, in no order: what each token issue reads (prepared). */
export const listAllGroupsOfUser = (db: Executor, engine: Engine, poolId: string, usernameKey: string): Promise<GroupRow[]> =>
  allGroupsOfUser(db, engine, { poolId, usernameKey });

/** The members of a group in username-key order, after `afterKey` when paging (primary-key range scan). */
export const listUsersInGroup = (
  db: Executor,
  poolId: string,
  groupName: string,
  limit: number,
  afterKey?: string,
): Promise<UserRecord[]> => {
  let q = db
    .selectFrom('group_members')
    .innerJoin('users', (j) =>
      j.onRef('users.pool_id', '=', 'group_members.pool_id').onRef('users.username_key', '=', 'group_members.username_key'),
    )
    .selectAll('users')
    .where('group_members.pool_id', '=', poolId)
    .where('group_members.group_name', '=', groupName)
    .orderBy('group_members.username_key')
    .limit(limit);
  if (afterKey !== undefined) q = q.where('group_members.username_key', '>', afterKey);
  return q.execute().then((rows) => rows.map(toUserRecord));
};
