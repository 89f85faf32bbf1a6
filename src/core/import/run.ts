/**
 * The run of a started import job, in the background: the CSV checked against GetCSVHeader's
 * columns, then the rows in batches, each batch's users written with multi-row inserts inside one
 * transaction. Imported users are RESET_REQUIRED with no password, as in Cognito.
 */
import type { UserAliasRow, UserAttributeRow } from '../../store/schema.js';
import * as repo from '../../store/user-import-jobs.js';
import type { UserRecord } from '../../store/users.js';
import { CognitoError } from '../errors.js';
import { withFactors } from '../mfa/settings.js';
import { csvHeader } from '../pool/csv-header.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { aliasesOf } from '../user/aliases.js';
import { checkRequiredAttributes, validateAttributeWrites } from '../user/attributes.js';
import { internalUsername } from '../user/create.js';
import { usernameKeyOf } from '../user/users.js';
import { parseCsv } from './csv.js';
import type { ImportJobConfig, ImportRowError } from './types.js';
import { configOf, MAX_KEPT_ERRORS } from './types.js';

/** Rows per transaction: large enough that 100,000 users take a few seconds, small enough that a stop is prompt. */
export const IMPORT_BATCH_SIZE = 2000;

const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

// Runs in progress on this node, by services, so a test (or a shutdown) can await one.
const running = new WeakMap<Services, Map<string, Promise<void>>>();

/** Settles when the job's run on this node has finished (at once when none is running). */
export function importRunSettled(services: Services, jobId: string): Promise<void> {
  return running.get(services)?.get(jobId) ?? Promise.resolve();
}

export function startRun(services: Services, poolId: string, jobId: string): void {
  let runs = running.get(services);
  if (!runs) running.set(services, (runs = new Map()));
  const run = runImport(services, poolId, jobId)
    .catch((error: unknown) => {
      services.log.error({ err: error, jobId }, 'user import failed');
      return finish(services, poolId, jobId, 'Failed', 'Internal_error_while_importing', undefined);
    })
    .catch(() => undefined)
    .finally(() => runs.delete(jobId));
  runs.set(jobId, run);
}

interface Tally {
  imported: number;
  skipped: number;
  failed: number;
  errors: ImportRowError[];
}

async function load(services: Services, poolId: string, jobId: string): Promise<repo.ImportJobRecord> {
  const job = await repo.findImportJob(services.store.db, poolId, jobId);
  if (!job) throw new Error(`import job ${jobId} vanished`);
  return job;
}

/** The counts so far, leaving the status to the operations that change it (a stop may be changing it now). */
async function saveProgress(services: Services, job: repo.ImportJobRecord, tally: Tally): Promise<void> {
  await repo.updateImportProgress(services.store.db, withTally(job, tally, {}));
}

function withTally(job: repo.ImportJobRecord, tally: Tally, changes: Partial<ImportJobConfig>): repo.ImportJobRecord {
  const config: ImportJobConfig = { ...configOf(job), ImportedUsers: tally.imported, SkippedUsers: tally.skipped, FailedUsers: tally.failed, ...changes };
  return { ...job, config, errors: tally.errors as unknown as object[] };
}

/**
 * The job's end. Written only over the status just read, so a stop that lands after the run's last
 * look is not overwritten: the stop answered Stopping, and the job then ends as Stopped.
 */
async function finish(services: Services, poolId: string, jobId: string, status: string, message: string, tally: Tally | undefined): Promise<void> {
  for (;;) {
    const job = await load(services, poolId, jobId);
    const t = tally ?? { imported: configOf(job).ImportedUsers, skipped: configOf(job).SkippedUsers, failed: configOf(job).FailedUsers, errors: job.errors as unknown as ImportRowError[] };
    const stopped = job.status === 'Stopping' && status !== 'Stopped';
    const end = stopped ? 'Stopped' : status;
    const why = stopped ? `Stopped after ${t.imported} users were imported` : message;
    // CompletionMessageType admits word characters only.
    const next = withTally(job, t, { CompletionDate: services.clock.now(), CompletionMessage: why.replace(/\W+/g, '_').slice(0, 128) });
    if (await repo.updateImportJob(services.store.db, { ...next, status: end }, job.status)) break;
  }
  await repo.dropImportCsv(services.store.db, jobId);
}

function note(tally: Tally, error: ImportRowError): void {
  if (error.outcome === 'Skipped') tally.skipped += 1;
  else tally.failed += 1;
  if (tally.errors.length < MAX_KEPT_ERRORS) tally.errors.push(error);
}

async function runImport(services: Services, poolId: string, jobId: string): Promise<void> {
  const pool = await getPool(services, poolId);
  let job = await load(services, poolId, jobId);
  if (job.status === 'Stopping') return finish(services, poolId, jobId, 'Stopped', 'Stopped before any user was imported', undefined);
  if (!(await repo.updateImportJob(services.store.db, { ...job, status: 'InProgress' }, 'Pending'))) {
    // A stop got in between: it ends here; any other state means another run owns the job.
    if ((await load(services, poolId, jobId)).status === 'Stopping') return finish(services, poolId, jobId, 'Stopped', 'Stopped before any user was imported', undefined);
    return;
  }
  const tally: Tally = { imported: 0, skipped: 0, failed: 0, errors: [] };

  let rows: string[][];
  try {
    rows = parseCsv((await repo.readImportCsv(services.store.db, jobId)) ?? '');
  } catch {
    return finish(services, poolId, jobId, 'Failed', 'The CSV file could not be parsed', tally);
  }
  const header = rows[0] ?? [];
  const expected = (await csvHeader(services, pool.Id)).CSVHeader!;
  const mismatch = header.length !== expected.length || new Set(header).size !== header.length || !header.every((h) => expected.includes(h));
  if (mismatch) return finish(services, poolId, jobId, 'Failed', 'The CSV header does not match the columns of GetCSVHeader', tally);

  const seenUsernames = new Set<string>();
  const seenAliases = new Set<string>();
  for (let start = 1; start < rows.length; start += IMPORT_BATCH_SIZE) {
    job = await load(services, poolId, jobId);
    if (job.status === 'Stopping') return finish(services, poolId, jobId, 'Stopped', `Stopped after ${tally.imported} users were imported`, tally);
    const batch = rows.slice(start, start + IMPORT_BATCH_SIZE).map((row, i) => ({ row, line: start + i + 1 }));
    await importBatch(services, pool, header, batch, tally, seenUsernames, seenAliases);
    await saveProgress(services, job, tally);
    // SQLite's driver is synchronous: let the server answer requests between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // A stop that came in during the last batch still ends the job as Stopped: finish sees to that.
  const outcome = tally.failed > 0 && tally.imported === 0 ? 'Failed' : 'Succeeded';
  const message =
    tally.failed + tally.skipped === 0
      ? 'Import Job Completed Successfully'
      : `Imported ${tally.imported} users, skipped ${tally.skipped}, failed ${tally.failed}; see the errors of the job`;
  return finish(services, poolId, jobId, outcome, message, tally);
}

interface Prepared {
  line: number;
  user: UserRecord;
  attributes: Map<string, string>;
  aliases: { kind: string; valueKey: string }[];
}

/** One row as a user, or the reason it cannot be one (Cognito's import rules). */
function prepare(services: Services, pool: UserPool, header: string[], row: string[], line: number, now: number): Prepared | ImportRowError {
  const fail = (message: string, username?: string): ImportRowError => ({ line, ...(username ? { username } : {}), outcome: 'Failed', message });
  if (row.length !== header.length) return fail(`The row has ${row.length} fields where the header has ${header.length}.`);
  const values = new Map(header.map((h, i) => [h, row[i]!]));
  const typed = values.get('cognito:username') ?? '';
  if (!typed) return fail('cognito:username is required.');
  if (!USERNAME.test(typed)) return fail('cognito:username is not a valid username.', typed);
  const mfa = (values.get('cognito:mfa_enabled') ?? '').toLowerCase();
  if (mfa !== '' && mfa !== 'true' && mfa !== 'false') return fail('cognito:mfa_enabled must be true or false.', typed);
  try {
    const given = [...values].filter(([name, value]) => !name.startsWith('cognito:') && value !== '').map(([Name, Value]) => ({ Name, Value }));
    const attributes = validateAttributeWrites(pool, given, { mode: 'create', admin: true });
    const sub = services.random.uuid();
    const username = internalUsername(pool, typed, sub, attributes);
    checkRequiredAttributes(pool, new Map([...attributes, ['sub', sub]]));
    if (mfa === 'true' && !attributes.get('phone_number')) return fail('cognito:mfa_enabled true requires a phone_number.', typed);
    attributes.set('sub', sub);
    const usernameKey = usernameKeyOf(pool, username);
    return {
      line,
      attributes,
      aliases: aliasesOf(pool, attributes),
      user: {
        pool_id: pool.Id,
        username,
        username_key: usernameKey,
        sub,
        status: 'RESET_REQUIRED',
        enabled: 1,
        sealed_password: null,
        password_updated_at: null,
        settings: mfa === 'true' ? withFactors({}, ['SMS_MFA'], undefined) : {},
        created_at: now,
        updated_at: now,
      },
    };
  } catch (error) {
    if (error instanceof CognitoError) return fail(error.message, typed);
    throw error;
  }
}

async function importBatch(
  services: Services,
  pool: UserPool,
  header: string[],
  batch: { row: string[]; line: number }[],
  tally: Tally,
  seenUsernames: Set<string>,
  seenAliases: Set<string>,
): Promise<void> {
  const now = services.clock.now();
  const candidates: Prepared[] = [];
  for (const { row, line } of batch) {
    const p = prepare(services, pool, header, row, line, now);
    if ('outcome' in p) note(tally, p);
    else candidates.push(p);
  }
  await services.store.transaction(async (trx) => {
    const existing = await repo.existingUsernameKeys(trx, pool.Id, candidates.map((c) => c.user.username_key));
    const kinds = new Set(candidates.flatMap((c) => c.aliases.map((a) => a.kind)));
    const takenAliases = new Set<string>();
    for (const kind of kinds) {
      const keys = candidates.flatMap((c) => c.aliases.filter((a) => a.kind === kind).map((a) => a.valueKey));
      for (const taken of await repo.existingAliases(trx, pool.Id, kind, keys)) takenAliases.add(taken);
    }
    const users: UserRecord[] = [];
    const attributes: UserAttributeRow[] = [];
    const aliases: UserAliasRow[] = [];
    for (const c of candidates) {
      const username = c.user.username;
      if (existing.has(c.user.username_key)) {
        note(tally, { line: c.line, username, outcome: 'Skipped', message: 'A user with this username already exists in the user pool.' });
        continue;
      }
      if (seenUsernames.has(c.user.username_key)) {
        note(tally, { line: c.line, username, outcome: 'Failed', message: 'The username appears more than once in the file.' });
        continue;
      }
      const clash = c.aliases.find((a) => takenAliases.has(`${a.kind}:${a.valueKey}`) || seenAliases.has(`${a.kind}:${a.valueKey}`));
      if (clash) {
        note(tally, { line: c.line, username, outcome: 'Failed', message: `An account with the given ${clash.kind} already exists.` });
        continue;
      }
      seenUsernames.add(c.user.username_key);
      for (const a of c.aliases) seenAliases.add(`${a.kind}:${a.valueKey}`);
      users.push(c.user);
      for (const [name, value] of c.attributes) attributes.push({ pool_id: pool.Id, username_key: c.user.username_key, name, value });
      for (const a of c.aliases) aliases.push({ pool_id: pool.Id, kind: a.kind, value_key: a.valueKey, username_key: c.user.username_key });
    }
    await repo.insertUsersInBulk(trx, users, attributes, aliases);
    tally.imported += users.length;
  });
}
