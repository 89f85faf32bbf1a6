import type { Executor } from './database.js';
import type { UserPoolDomainRow } from './schema.js';

export const findDomain = (db: Executor, domain: string): Promise<UserPoolDomainRow | undefined> =>
  db.selectFrom('user_pool_domains').selectAll().where('domain', '=', domain).executeTakeFirst();

/** The pool's domains: at most one of each kind (the (pool_id, kind) unique index). */
export const domainsOfPool = (db: Executor, poolId: string): Promise<UserPoolDomainRow[]> =>
  db.selectFrom('user_pool_domains').selectAll().where('pool_id', '=', poolId).execute();

export const insertDomain = (db: Executor, row: UserPoolDomainRow) => db.insertInto('user_pool_domains').values(row).execute();

export const updateDomainConfig = (db: Executor, domain: string, configJson: string) =>
  db.updateTable('user_pool_domains').set({ config_json: configJson }).where('domain', '=', domain).execute();

export const deleteDomain = async (db: Executor, poolId: string, domain: string): Promise<boolean> => {
  const result = await db
    .deleteFrom('user_pool_domains')
    .where('pool_id', '=', poolId)
    .where('domain', '=', domain)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};
