/** User pool domains (prefix and custom), whose description is one JSON object. */
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isObject, jsonColumn } from './json.js';
import type { UserPoolDomainRow } from './schema.js';

const configColumn = jsonColumn<OpaqueObject>('user_pool_domains.config_json', isObject);

/** A domain as stored, its description decoded: Cognito's members, which the store keeps without reading. */
export type DomainRecord = Omit<UserPoolDomainRow, 'config_json'> & { config: OpaqueObject };

const toRecord = ({ config_json, ...row }: UserPoolDomainRow): DomainRecord => ({ ...row, config: configColumn.decode(config_json) });

export const findDomain = async (db: Executor, domain: string): Promise<DomainRecord | undefined> => {
  const row = await db.selectFrom('user_pool_domains').selectAll().where('domain', '=', domain).executeTakeFirst();
  return row && toRecord(row);
};

/** The pool's domains: at most one of each kind (the (pool_id, kind) unique index). */
export const domainsOfPool = async (db: Executor, poolId: string): Promise<DomainRecord[]> =>
  (await db.selectFrom('user_pool_domains').selectAll().where('pool_id', '=', poolId).execute()).map(toRecord);

export const insertDomain = (db: Executor, { config, ...domain }: DomainRecord) =>
  db
    .insertInto('user_pool_domains')
    .values({ ...domain, config_json: configColumn.encode(config) })
    .execute();

export const updateDomainConfig = (db: Executor, domain: string, config: OpaqueObject) =>
  db.updateTable('user_pool_domains').set({ config_json: configColumn.encode(config) }).where('domain', '=', domain).execute();

export const deleteDomain = async (db: Executor, poolId: string, domain: string): Promise<boolean> => {
  const result = await db
    .deleteFrom('user_pool_domains')
    .where('pool_id', '=', poolId)
    .where('domain', '=', domain)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};
