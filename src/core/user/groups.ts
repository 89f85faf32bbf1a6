import type { CreateGroupInput, GroupDescription, ListGroupsResult, ListUsersInGroupResult, UpdateGroupInput } from './types.js';
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/groups.js';
import type { GroupRow } from '../../store/schema.js';
import { CognitoError, err } from '../errors.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { getUser, usersFromRows, wireUser } from './users.js';

/** A user pool group, with dates as epoch milliseconds. */
export interface Group {
  poolId: string;
  name: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  createdAt: number;
  updatedAt: number;
}

// Cognito's documented quotas (cognito-wire.md §8).
const MAX_GROUPS_PER_POOL = 10_000;
const MAX_GROUPS_PER_USER = 100;
// ListGroups answers 25 groups when no Limit is given (observed); the user lists default to their maximum.
const DEFAULT_GROUP_PAGE = 25;
const DEFAULT_USER_PAGE = 60;

function groupFromRow(row: GroupRow): Group {
  const group: Group = { poolId: row.pool_id, name: row.name, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
  if (row.description !== null) group.description = row.description;
  if (row.role_arn !== null) group.roleArn = row.role_arn;
  if (row.precedence !== null) group.precedence = Number(row.precedence);
  return group;
}

/** The wire form shared by every group operation. */
export function wireGroup(group: Group): GroupDescription {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    Description: group.description,
    RoleArn: group.roleArn,
    Precedence: group.precedence,
    LastModifiedDate: new Date(group.updatedAt),
    CreationDate: new Date(group.createdAt),
  };
}

/** The group, or `ResourceNotFoundException` "Group not found." (the pool is checked first). */
export async function getGroup(services: Services, poolId: string, name: string): Promise<Group> {
  await getPool(services, poolId);
  const row = await repo.findGroup(services.store.db, poolId, name);
  if (!row) throw err.groupNotFound();
  return groupFromRow(row);
}

export async function createGroup(services: Services, input: CreateGroupInput): Promise<Group> {
  const pool = await getPool(services, input.UserPoolId!);
  const name = input.GroupName!;
  const now = services.clock.now();
  const row: GroupRow = {
    pool_id: pool.Id,
    name,
    description: input.Description ?? null,
    role_arn: input.RoleArn ?? null,
    precedence: input.Precedence ?? null,
    created_at: now,
    updated_at: now,
  };
  await services.store.transaction(async (trx) => {
    if (await repo.findGroup(trx, pool.Id, name)) throw groupExists(name);
    if ((await repo.countGroups(trx, pool.Id)) >= MAX_GROUPS_PER_POOL) {
      throw err.limitExceeded(`The user pool ${pool.Id} has reached the maximum number of groups (${MAX_GROUPS_PER_POOL}).`);
    }
    try {
      await repo.insertGroup(trx, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw groupExists(name);
      throw error;
    }
  });
  return groupFromRow(row);
}

/**
 * Cognito: UpdateGroup "updates any of the properties for precedence, IAM role, or description" —
 * members left out of the request keep their value.
 */
export async function updateGroup(services: Services, input: UpdateGroupInput): Promise<Group> {
  const group = await getGroup(services, input.UserPoolId!, input.GroupName!);
  const changes: repo.GroupChanges = { updated_at: services.clock.now() };
  if (input.Description !== undefined) changes.description = input.Description;
  if (input.RoleArn !== undefined) changes.role_arn = input.RoleArn;
  if (input.Precedence !== undefined) changes.precedence = input.Precedence;
  await repo.updateGroup(services.store.db, group.poolId, group.name, changes);
  const updated = await repo.findGroup(services.store.db, group.poolId, group.name);
  if (!updated) throw err.groupNotFound();
  return groupFromRow(updated);
}

export async function deleteGroup(services: Services, poolId: string, name: string): Promise<void> {
  await getPool(services, poolId);
  const deleted = await services.store.transaction((trx) => repo.deleteGroup(trx, poolId, name));
  if (!deleted) throw err.groupNotFound();
}

export async function listGroups(
  services: Services,
  poolId: string,
  limit: number | undefined,
  nextToken: string | undefined,
): Promise<ListGroupsResult> {
  await getPool(services, poolId);
  const size = pageSize(limit, DEFAULT_GROUP_PAGE);
  const rows = await repo.listGroups(services.store.db, poolId, size + 1, readToken(nextToken, 'groups'));
  return { Groups: rows.slice(0, size).map((r) => wireGroup(groupFromRow(r))), NextToken: nextPage(rows, size, (r) => r.name, 'groups') };
}

/** Adding a user who is already a member succeeds and changes nothing, as in Cognito. */
export async function addUserToGroup(services: Services, poolId: string, username: string, groupName: string): Promise<void> {
  const pool = await getPool(services, poolId);
  const user = await getUser(services, pool, username);
  await getGroup(services, poolId, groupName);
  const outcome = await services.store.transaction(async (trx) => {
    if (await repo.findMembership(trx, poolId, groupName, user.usernameKey)) return 'added';
    if ((await repo.countGroupsOfUser(trx, poolId, user.usernameKey)) >= MAX_GROUPS_PER_USER) {
      throw err.limitExceeded(`A user can be a member of at most ${MAX_GROUPS_PER_USER} groups.`);
    }
    const result = await repo.insertMembership(trx, poolId, groupName, user.usernameKey, services.clock.now());
    // Roll back: PostgreSQL refuses further statements in a transaction after a failed insert.
    if (result === 'missing-reference') throw MISSING_REFERENCE;
    return result;
  }).catch((error: unknown) => {
    if (error === MISSING_REFERENCE) return 'missing-reference' as const;
    throw error;
  });
  // The group or the user was deleted between the checks and the insert.
  if (outcome === 'missing-reference') {
    throw (await repo.findGroup(services.store.db, poolId, groupName)) ? err.userNotFound() : err.groupNotFound();
  }
}

const MISSING_REFERENCE = new Error('membership refers to a deleted group or user');

/** Removing a user who is not a member succeeds, as in Cognito. */
export async function removeUserFromGroup(services: Services, poolId: string, username: string, groupName: string): Promise<void> {
  const pool = await getPool(services, poolId);
  const user = await getUser(services, pool, username);
  await getGroup(services, poolId, groupName);
  await repo.deleteMembership(services.store.db, poolId, groupName, user.usernameKey);
}

export async function listGroupsForUser(
  services: Services,
  poolId: string,
  username: string,
  limit: number | undefined,
  nextToken: string | undefined,
): Promise<ListGroupsResult> {
  const pool = await getPool(services, poolId);
  const user = await getUser(services, pool, username);
  const size = pageSize(limit, DEFAULT_GROUP_PAGE);
  const rows = await repo.listGroupsOfUser(services.store.db, poolId, user.usernameKey, size + 1, readToken(nextToken, 'user-groups'));
  return {
    Groups: rows.slice(0, size).map((r) => wireGroup(groupFromRow(r))),
    NextToken: nextPage(rows, size, (r) => r.name, 'user-groups'),
  };
}

export async function listUsersInGroup(
  services: Services,
  poolId: string,
  groupName: string,
  limit: number | undefined,
  nextToken: string | undefined,
): Promise<ListUsersInGroupResult> {
  await getGroup(services, poolId, groupName);
  const size = pageSize(limit, DEFAULT_USER_PAGE);
  const db = services.store.db;
  const rows = await repo.listUsersInGroup(db, poolId, groupName, size + 1, readToken(nextToken, 'members'));
  const page = rows.slice(0, size);
  return {
    Users: (await usersFromRows(db, poolId, page)).map((user) => wireUser(user)),
    NextToken: nextPage(rows, size, (r) => r.username_key, 'members'),
  };
}

/**
 * The user's groups for the `cognito:groups`, `cognito:roles` and `cognito:preferred_role` claims:
 * lowest precedence first, groups without precedence last, then by name.
 */
export async function groupsForToken(services: Services, poolId: string, usernameKey: string): Promise<Group[]> {
  const rows = await repo.listAllGroupsOfUser(services.store.db, services.store.engine, poolId, usernameKey);
  return rows.map(groupFromRow).sort((a, b) => {
    const pa = a.precedence ?? Number.POSITIVE_INFINITY;
    const pb = b.precedence ?? Number.POSITIVE_INFINITY;
    return pa !== pb ? pa - pb : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

const groupExists = (name: string) => new CognitoError('GroupExistsException', `A group with the name ${name} already exists.`);

// Limit 0 is allowed by the model; it is read as "no preference", like an absent Limit.
const pageSize = (limit: number | undefined, fallback: number) => (limit === undefined || limit === 0 ? fallback : Math.floor(limit));

/**
 * Pagination tokens are opaque to callers: the last key of the page, tagged with the list it
 * belongs to. Paging resumes after that key, so items deleted between calls never restart the list.
 */
function nextPage<R>(rows: R[], size: number, keyOf: (row: R) => string, kind: string): string | undefined {
  if (rows.length <= size) return undefined;
  return Buffer.from(JSON.stringify({ [kind]: keyOf(rows[size - 1]!) }), 'utf8').toString('base64url');
}

function readToken(token: string | undefined, kind: string): string | undefined {
  if (token === undefined) return undefined;
  try {
    const value = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>)[kind];
    if (typeof value === 'string') return value;
  } catch {
    // fall through: not one of ours
  }
  throw err.invalidParameter('Invalid pagination token.');
}
