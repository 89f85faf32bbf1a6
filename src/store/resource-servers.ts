/** Resource servers of a pool, with their custom scopes decoded. */
import type { Executor } from './database.js';
import { isArrayOf, isObject, isString, jsonColumn } from './json.js';
import type { ResourceServerRow } from './schema.js';

/** One custom scope, as ResourceServerScopeType has it. */
export interface Scope {
  ScopeName: string;
  ScopeDescription?: string;
}

const isScope = (value: unknown): value is Scope =>
  isObject(value) && isString(value.ScopeName) && (value.ScopeDescription === undefined || isString(value.ScopeDescription));

const scopesColumn = jsonColumn('resource_servers.scopes_json', isArrayOf(isScope));

/** A resource server as stored, its scopes decoded. */
export type ResourceServerRecord = Omit<ResourceServerRow, 'scopes_json'> & { scopes: Scope[] };

const toRecord = ({ scopes_json, ...row }: ResourceServerRow): ResourceServerRecord => ({ ...row, scopes: scopesColumn.decode(scopes_json) });

export const findResourceServer = async (db: Executor, poolId: string, identifier: string): Promise<ResourceServerRecord | undefined> => {
  const row = await db
    .selectFrom('resource_servers')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return row && toRecord(row);
};

export const insertResourceServer = (db: Executor, { scopes, ...server }: ResourceServerRecord) =>
  db
    .insertInto('resource_servers')
    .values({ ...server, scopes_json: scopesColumn.encode(scopes) })
    .execute();

export const updateResourceServer = async (
  db: Executor,
  poolId: string,
  identifier: string,
  name: string,
  scopes: Scope[],
): Promise<boolean> => {
  const result = await db
    .updateTable('resource_servers')
    .set({ name, scopes_json: scopesColumn.encode(scopes) })
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

export const deleteResourceServer = async (db: Executor, poolId: string, identifier: string): Promise<boolean> => {
  const result = await db
    .deleteFrom('resource_servers')
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** A pool's resource servers in identifier order (the primary key), after `afterIdentifier` when paging. */
export const listResourceServers = async (db: Executor, poolId: string, limit?: number, afterIdentifier?: string): Promise<ResourceServerRecord[]> => {
  let q = db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier');
  if (afterIdentifier !== undefined) q = q.where('identifier', '>', afterIdentifier);
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map(toRecord);
};

export const countResourceServers = async (db: Executor, poolId: string) =>
  Number(
    (
      await db
        .selectFrom('resource_servers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId)
        .executeTakeFirstOrThrow()
    ).n,
  );
