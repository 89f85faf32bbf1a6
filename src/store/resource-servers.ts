import type { Executor } from './database.js';
import type { ResourceServerRow } from './schema.js';

export const findResourceServer = (db: Executor, poolId: string, identifier: string): Promise<ResourceServerRow | undefined> =>
  db
    .selectFrom('resource_servers')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();

export const insertResourceServer = (db: Executor, row: ResourceServerRow) => db.insertInto('resource_servers').values(row).execute();

export const updateResourceServer = async (
  db: Executor,
  poolId: string,
  identifier: string,
  name: string,
  scopesJson: string,
): Promise<boolean> => {
  const result = await db
    .updateTable('resource_servers')
    .set({ name, scopes_json: scopesJson })
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
export const listResourceServers = (db: Executor, poolId: string, limit?: number, afterIdentifier?: string) => {
  let q = db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier');
  if (afterIdentifier !== undefined) q = q.where('identifier', '>', afterIdentifier);
  if (limit !== undefined) q = q.limit(limit);
  return q.execute();
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
