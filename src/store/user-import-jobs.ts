/** User import jobs, the CSV uploaded to each, its row errors, and the bulk writes an import makes. */
import type { Executor } from './database.js';
import type { OpaqueObject } from './json.js';
import { isArrayOf, isObject, jsonColumn } from './json.js';
import type { UserAliasRow, UserAttributeRow, UserImportJobRow } from './schema.js';
import { settingsColumn } from './user-settings.js';
import type { UserRecord } from './users.js';

const configColumn = jsonColumn('user_import_jobs.config_json', (v): v is OpaqueObject => isObject(v));
const errorsColumn = jsonColumn('user_import_jobs.errors_json', isArrayOf((v): v is OpaqueObject => isObject(v)));

/** A job as stored, without the CSV (read only by the run); its configuration's type belongs to core/import. */
export type ImportJobRecord = Omit<UserImportJobRow, 'config_json' | 'errors_json' | 'csv_text'> & { config: OpaqueObject; errors: OpaqueObject[]; hasCsv: boolean };

const columns = ['id', 'pool_id', 'status', 'config_json', 'errors_json', 'created_at'] as const;

const toRecord = (row: Omit<UserImportJobRow, 'csv_text'> & { has_csv: number | string }): ImportJobRecord => ({
  id: row.id,
  pool_id: row.pool_id,
  status: row.status,
  created_at: Number(row.created_at),
  config: configColumn.decode(row.config_json),
  errors: errorsColumn.decode(row.errors_json),
  hasCsv: Number(row.has_csv) === 1,
});

const selectJobs = (db: Executor) =>
  db.selectFrom('user_import_jobs').select([...columns, (eb) => eb.case().when('csv_text', 'is not', null).then(1).else(0).end().as('has_csv')]);

export const findImportJob = async (db: Executor, poolId: string, id: string): Promise<ImportJobRecord | undefined> => {
  const row = await selectJobs(db).where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
};

/** The job by id alone: the upload URL names no pool. */
export const findImportJobById = async (db: Executor, id: string): Promise<ImportJobRecord | undefined> => {
  const row = await selectJobs(db).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
};

export const insertImportJob = (db: Executor, job: ImportJobRecord) =>
  db
    .insertInto('user_import_jobs')
    .values({
      id: job.id,
      pool_id: job.pool_id,
      status: job.status,
      config_json: configColumn.encode(job.config),
      errors_json: errorsColumn.encode(job.errors),
      csv_text: null,
      created_at: job.created_at,
    })
    .execute();

/** Writes status, configuration and errors; `fromStatus` makes it a compare-and-set (false when the job moved on). */
export const updateImportJob = async (db: Executor, job: ImportJobRecord, fromStatus?: string): Promise<boolean> => {
  let q = db
    .updateTable('user_import_jobs')
    .set({ status: job.status, config_json: configColumn.encode(job.config), errors_json: errorsColumn.encode(job.errors) })
    .where('pool_id', '=', job.pool_id)
    .where('id', '=', job.id);
  if (fromStatus !== undefined) q = q.where('status', '=', fromStatus);
  return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
};

/** Writes the counts and errors of a running job, leaving its status to the operations that change it. */
export const updateImportProgress = (db: Executor, job: ImportJobRecord) =>
  db
    .updateTable('user_import_jobs')
    .set({ config_json: configColumn.encode(job.config), errors_json: errorsColumn.encode(job.errors) })
    .where('pool_id', '=', job.pool_id)
    .where('id', '=', job.id)
    .execute();

export const setImportCsv = async (db: Executor, id: string, status: string, csv: string): Promise<boolean> => {
  const result = await db.updateTable('user_import_jobs').set({ csv_text: csv }).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
};

export const readImportCsv = async (db: Executor, id: string): Promise<string | undefined> =>
  (await db.selectFrom('user_import_jobs').select('csv_text').where('id', '=', id).executeTakeFirst())?.csv_text ?? undefined;

/** Once the job ran, its file is not kept. */
export const dropImportCsv = (db: Executor, id: string) => db.updateTable('user_import_jobs').set({ csv_text: null }).where('id', '=', id).execute();

/** A pool's jobs oldest first, after the job `afterId` when paging. */
export const listImportJobs = async (db: Executor, poolId: string, limit: number, after?: { created_at: number; id: string }): Promise<ImportJobRecord[]> => {
  let q = selectJobs(db).where('pool_id', '=', poolId).orderBy('created_at').orderBy('id').limit(limit);
  if (after) q = q.where((eb) => eb.or([eb('created_at', '>', after.created_at), eb.and([eb('created_at', '=', after.created_at), eb('id', '>', after.id)])]));
  return (await q.execute()).map(toRecord);
};

// SQLite allows 32,766 bound parameters per statement; these chunk sizes stay well inside it.
const chunks = <T>(rows: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};

/** Which of the given username keys already exist in the pool. */
export async function existingUsernameKeys(db: Executor, poolId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(keys, 1000)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom('users').select('username_key').where('pool_id', '=', poolId).where('username_key', 'in', part).execute();
    for (const r of rows) found.add(r.username_key);
  }
  return found;
}

/** Which of the given aliases (`kind` + value key) are already held in the pool, as `kind:valueKey`. */
export async function existingAliases(db: Executor, poolId: string, kind: string, valueKeys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(valueKeys, 1000)) {
    if (part.length === 0) continue;
    const rows = await db.selectFrom('user_aliases').select('value_key').where('pool_id', '=', poolId).where('kind', '=', kind).where('value_key', 'in', part).execute();
    for (const r of rows) found.add(`${kind}:${r.value_key}`);
  }
  return found;
}

/** Many users at once, with their attributes and aliases, in multi-row inserts (the caller's transaction). */
export async function insertUsersInBulk(db: Executor, users: UserRecord[], attributes: UserAttributeRow[], aliases: UserAliasRow[]): Promise<void> {
  const rows = users.map(({ settings, ...user }) => ({ ...user, settings_json: settingsColumn.encode(settings) }));
  for (const part of chunks(rows, 500)) await db.insertInto('users').values(part).execute();
  for (const part of chunks(attributes, 2000)) await db.insertInto('user_attributes').values(part).execute();
  for (const part of chunks(aliases, 2000)) await db.insertInto('user_aliases').values(part).execute();
}
