import type { ListUsersInput, ListUsersResult } from './types.js';
import type { UserSearch } from '../../store/users.js';
import { searchUsers } from '../../store/users.js';
import { err } from '../errors.js';
import type { UserFilter } from './list-filter.js';
import { parseUserFilter } from './list-filter.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { usernameKeyOf, usersFromRows, wireUser } from './users.js';

const DEFAULT_LIMIT = 60;

/** ListUsers: one page in username order, filtered in the database through an index. */
export async function listUsers(services: Services, input: ListUsersInput): Promise<ListUsersResult> {
  const pool = await getPool(services, input.UserPoolId!);
  const filter = parseUserFilter(input.Filter);
  const search = filter ? toSearch(pool, filter) : undefined;
  const after = input.PaginationToken === undefined ? undefined : readToken(input.PaginationToken);
  // A limit of 0 would return empty pages forever; Cognito's default applies.
  const limit = input.Limit || DEFAULT_LIMIT;
  const db = services.store.db;
  const rows = search === null ? [] : await searchUsers(db, services.store.engine, pool.Id, search, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    Users: (await usersFromRows(db, pool.Id, page)).map((user) => wireUser(user, input.AttributesToGet)),
    PaginationToken: rows.length > limit ? writeToken(page[page.length - 1]!.username_key) : undefined,
  };
}

/** The filter as a column comparison; null when it can match no one (e.g. `status = "Sleeping"`). */
function toSearch(pool: UserPool, filter: UserFilter): UserSearch | null {
  const { op, value } = filter;
  switch (filter.attribute) {
    case 'username':
      return { on: 'username_key', op, value: usernameKeyOf(pool, value) };
    case 'sub':
      return { on: 'sub', op, value: value.toLowerCase() };
    case 'cognito:user_status':
      return { on: 'status', op, value: value.toUpperCase() };
    case 'status': {
      const wanted = value.toLowerCase();
      const values = (['Enabled', 'Disabled'] as const)
        .filter((s) => (op === '=' ? s.toLowerCase() === wanted : s.toLowerCase().startsWith(wanted)))
        .map((s) => (s === 'Enabled' ? 1 : 0));
      return values.length === 0 ? null : { on: 'enabled', values };
    }
    default:
      return { on: 'attribute', name: filter.attribute, op, value };
  }
}

// Opaque to callers; it carries the last username key of the page.
const writeToken = (usernameKey: string) => Buffer.from(JSON.stringify({ k: usernameKey }), 'utf8').toString('base64url');

function readToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    // reported below
  }
  throw err.invalidParameter('Invalid pagination token.');
}
