import type { Attribute, MFAOption, UserDescription, UserStatus } from './types.js';
import type { SealedSecret } from '../../crypto/seal.js';
import type { Executor } from '../../store/database.js';
import * as repo from '../../store/users.js';
import { err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/** Per-user state that is not an attribute, kept by the store as one object (store/user-settings.ts). */
export interface UserSettings {
  MFAOptions?: MFAOption[];
  UserMFASettingList?: string[];
  PreferredMfaSetting?: string;
  [other: string]: unknown;
}

export interface User {
  poolId: string;
  /** The username as created; in email/phone-as-username pools, a UUID equal to `sub`. */
  username: string;
  /** The lookup key: `username`, lower-cased when the pool is case-insensitive. */
  usernameKey: string;
  sub: string;
  status: UserStatus;
  enabled: boolean;
  /** Every attribute, `sub` included, by name. */
  attributes: Record<string, string>;
  sealedPassword: SealedSecret | null;
  passwordUpdatedAt: number | null;
  settings: UserSettings;
  createdAt: number;
  updatedAt: number;
}

/** Cognito's API default is case-sensitive usernames when `UsernameConfiguration` is absent. */
export const isCaseSensitive = (pool: UserPool): boolean => pool.UsernameConfiguration?.CaseSensitive ?? true;

export const usernameKeyOf = (pool: UserPool, username: string): string =>
  isCaseSensitive(pool) ? username : username.toLowerCase();

/** Phone numbers are compared exactly; e-mail and preferred_username follow the pool's case rule. */
export const aliasKeyOf = (pool: UserPool, kind: string, value: string): string =>
  kind === 'phone_number' ? value : usernameKeyOf(pool, value);

/** The attribute kinds a user can sign in with besides the username. */
export const signInAliasKinds = (pool: UserPool): string[] => [...(pool.UsernameAttributes ?? []), ...(pool.AliasAttributes ?? [])];

export function userFromRows(row: repo.UserRecord, attributes: { name: string; value: string }[]): User {
  const attrs: Record<string, string> = {};
  for (const a of attributes) attrs[a.name] = a.value;
  return {
    poolId: row.pool_id,
    username: row.username,
    usernameKey: row.username_key,
    sub: row.sub,
    status: row.status as UserStatus,
    enabled: Number(row.enabled) === 1,
    attributes: attrs,
    sealedPassword: row.sealed_password as SealedSecret | null,
    passwordUpdatedAt: row.password_updated_at === null ? null : Number(row.password_updated_at),
    // The store keeps what the core wrote: always a UserSettings.
    settings: row.settings as UserSettings,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Finds a user the way Cognito's Admin* operations do: by username, then by a sign-in alias
 * (email/phone in UsernameAttributes pools, verified aliases in AliasAttributes pools), then by `sub`.
 */
export async function findUser(
  services: Services,
  pool: UserPool,
  username: string,
  db: Executor = services.store.db,
  options: { evenly?: boolean } = {},
): Promise<User | undefined> {
  const engine = services.store.engine;
  let found = await repo.findUserWithAttributesByKey(db, engine, pool.Id, usernameKeyOf(pool, username));
  // With `evenly`, every alias lookup runs whether or not an earlier one matched, so the number of
  // round trips does not tell an unknown sign-in name from a known one (PreventUserExistenceErrors).
  // Each lookup brings the user's attributes along, so a found user costs no further statement.
  for (const kind of signInAliasKinds(pool)) {
    if (found && !options.evenly) break;
    const byAlias = await repo.findUserWithAttributesByAlias(db, engine, pool.Id, [kind], aliasKeyOf(pool, kind, username));
    found ??= byAlias;
  }
  if (found) return userFromRows(found.user, found.attributes);
  const row = UUID.test(username) ? await repo.findUserBySub(db, pool.Id, username.toLowerCase()) : undefined;
  if (!row) return undefined;
  return userFromRows(row, await repo.listAttributes(db, pool.Id, row.username_key));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user, or `UserNotFoundException` "User does not exist.". `pool` may be the pool or its id. */
export async function getUser(
  services: Services,
  pool: UserPool | string,
  username: string,
  db: Executor = services.store.db,
): Promise<User> {
  const p = typeof pool === 'string' ? await getPool(services, pool) : pool;
  const user = await findUser(services, p, username, db);
  if (!user) throw err.userNotFound();
  return user;
}

/** Attributes in Cognito's wire form, `sub` first as Cognito lists it. */
export function wireAttributes(user: User, only?: readonly string[]): Attribute[] {
  const names = Object.keys(user.attributes).sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : 0));
  const wanted = only ? new Set(only) : undefined;
  return names.filter((n) => !wanted || wanted.has(n)).map((Name) => ({ Name, Value: user.attributes[Name] }));
}

/** The `UserDescription` of AdminCreateUser and ListUsers. */
export function wireUser(user: User, attributesToGet?: readonly string[]): UserDescription {
  return {
    Username: user.username,
    Attributes: wireAttributes(user, attributesToGet),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    MFAOptions: user.settings.MFAOptions,
  };
}

/** The users of these rows with their attributes, read in one query (for the listings). */
export async function usersFromRows(db: Executor, poolId: string, rows: readonly repo.UserRecord[]): Promise<User[]> {
  const attributes = await repo.listAttributesOf(db, poolId, rows.map((r) => r.username_key));
  const byUser = new Map<string, { name: string; value: string }[]>();
  for (const a of attributes) {
    const list = byUser.get(a.username_key) ?? [];
    list.push(a);
    byUser.set(a.username_key, list);
  }
  return rows.map((r) => userFromRows(r, byUser.get(r.username_key) ?? []));
}
