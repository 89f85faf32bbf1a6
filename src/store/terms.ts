/** Terms documents of app clients (CreateTerms and its siblings). */
import type { Executor } from './database.js';
import { isObject, isRecordOf, isString, jsonColumn } from './json.js';
import type { TermsRow } from './schema.js';

/** What a terms document holds besides its keys: where it lives and how it is enforced. */
export interface TermsConfig {
  TermsSource: string;
  Enforcement: string;
  Links: Record<string, string>;
}

const isTermsConfig = (value: unknown): value is TermsConfig =>
  isObject(value) && isString(value.TermsSource) && isString(value.Enforcement) && isRecordOf(isString)(value.Links);

const configColumn = jsonColumn('terms.config_json', isTermsConfig);

export type TermsRecord = Omit<TermsRow, 'config_json'> & { config: TermsConfig };

const toRecord = ({ config_json, ...row }: TermsRow): TermsRecord => ({ ...row, config: configColumn.decode(config_json) });

export const findTerms = async (db: Executor, poolId: string, id: string): Promise<TermsRecord | undefined> => {
  const row = await db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
};

export const findTermsByName = async (db: Executor, poolId: string, clientId: string, name: string): Promise<TermsRecord | undefined> => {
  const row = await db
    .selectFrom('terms')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('client_id', '=', clientId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toRecord(row);
};

export const insertTerms = (db: Executor, { config, ...terms }: TermsRecord) =>
  db
    .insertInto('terms')
    .values({ ...terms, config_json: configColumn.encode(config) })
    .execute();

export const updateTerms = (db: Executor, { config, ...terms }: TermsRecord) =>
  db
    .updateTable('terms')
    .set({ name: terms.name, config_json: configColumn.encode(config), updated_at: terms.updated_at })
    .where('pool_id', '=', terms.pool_id)
    .where('id', '=', terms.id)
    .execute();

export const deleteTerms = async (db: Executor, poolId: string, id: string): Promise<boolean> => {
  const result = await db.deleteFrom('terms').where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** A pool's terms in id order, after `afterId` when paging. */
export const listTerms = async (db: Executor, poolId: string, limit: number, afterId?: string): Promise<TermsRecord[]> => {
  let q = db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit);
  if (afterId !== undefined) q = q.where('id', '>', afterId);
  return (await q.execute()).map(toRecord);
};
