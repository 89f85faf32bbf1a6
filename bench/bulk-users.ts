/**
 * Pools of many users for the scale scenarios, written straight into the store's tables in large
 * transactions, never one API call per user: on SQLite one prepared statement per table run row
 * after row (better-sqlite3, the file the server uses, while the server is stopped); on PostgreSQL
 * one INSERT ... SELECT FROM unnest(...) per batch through the store's Kysely. The password of each
 * user is one precomputed SRP verifier sealed under that user's context, so rows have their real
 * size; it opens but does not match, as a verifier is bound to its username. The users the bench
 * signs in as get a verifier of their own.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { poolNameOf } from '../src/core/ids.js';
import { passwordContext } from '../src/core/user/password.js';
import { hashPassword } from '../src/crypto/password.js';
import { Sealer } from '../src/crypto/seal.js';
import { openStore } from '../src/store/database.js';
import { SQLITE_FILE } from '../src/store/sqlite-file.js';
import { settingsColumn } from '../src/store/user-settings.js';
import type { Storage } from './cognate.js';
import { MASTER_KEY } from './cognate.js';

const BATCH = 10_000;

/** user0000042-style names: a fixed width keeps prefix filters' hit counts predictable. */
export const bulkUsername = (prefix: string, i: number, width: number) => `${prefix}${String(i).padStart(width, '0')}`;

export interface BulkOptions {
  poolId: string;
  prefix: string;
  count: number;
  /** Users (by index) who get their own verifier for `password`, to sign in as. */
  signInAs: number[];
  password: string;
}

const USER_COLUMNS = ['pool_id', 'username', 'username_key', 'sub', 'status', 'enabled', 'sealed_password', 'password_updated_at', 'settings_json', 'created_at', 'updated_at'] as const;
const ATTRIBUTE_COLUMNS = ['pool_id', 'username_key', 'name', 'value'] as const;
type UserTuple = [string, string, string, string, string, number, string, number, string, number, number];
type AttributeTuple = [string, string, string, string];

/** The rows of users [start, end): users and their attributes (sub, email, email_verified). */
function* batches(options: BulkOptions): Generator<{ users: UserTuple[]; attributes: AttributeTuple[] }> {
  const sealer = new Sealer(Buffer.from(MASTER_KEY, 'hex'));
  const poolName = poolNameOf(options.poolId);
  const width = String(options.count - 1).length;
  const shared = JSON.stringify(hashPassword({ poolName, username: 'bulk' }, options.password, randomBytes));
  const own = new Set(options.signInAs);
  const settings = settingsColumn.encode({});
  const now = Date.now();
  for (let start = 0; start < options.count; start += BATCH) {
    const users: UserTuple[] = [];
    const attributes: AttributeTuple[] = [];
    for (let i = start; i < Math.min(options.count, start + BATCH); i++) {
      const username = bulkUsername(options.prefix, i, width);
      const key = username.toLowerCase();
      const verifier = own.has(i) ? JSON.stringify(hashPassword({ poolName, username }, options.password, randomBytes)) : shared;
      const sub = randomUUID();
      users.push([options.poolId, username, key, sub, 'CONFIRMED', 1, sealer.seal(verifier, passwordContext(options.poolId, key)), now, settings, now, now]);
      attributes.push([options.poolId, key, 'sub', sub], [options.poolId, key, 'email', `${username}@example.com`], [options.poolId, key, 'email_verified', 'true']);
    }
    yield { users, attributes };
  }
}

/**
 * Inserts the users; the server must not hold the SQLite file meanwhile. Resolves with the seconds the
 * inserts took, then waits until what they wrote is on disk: the kernel otherwise writes hundreds of
 * megabytes back while the next scenarios run, and on a virtual machine that work shows up in the
 * server's CPU time (a run measured the first sign-ins after 100,000 users a third dearer than later ones).
 */
export async function createUsers(storage: Storage, options: BulkOptions): Promise<number> {
  const started = performance.now();
  if (storage.databaseUrl) await createOnPostgres(storage.databaseUrl, options);
  else createOnSqlite(join(storage.dataDir, SQLITE_FILE), options);
  const seconds = (performance.now() - started) / 1000;
  if (storage.databaseUrl) await checkpoint(storage.databaseUrl);
  execFileSync('sync');
  return seconds;
}

/** PostgreSQL writes its data files at checkpoints: one now, rather than during a scenario. */
async function checkpoint(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } catch {
    // Only a superuser (or pg_checkpoint) may; the kernel's sync below still helps.
  } finally {
    await client.end();
  }
}

function createOnSqlite(file: string, options: BulkOptions): void {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    // A bench's throwaway file: no fsync per batch, and a page cache that holds the indexes as they grow.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const insert = (table: string, columns: readonly string[]) => db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const user = insert('users', USER_COLUMNS);
    const attribute = insert('user_attributes', ATTRIBUTE_COLUMNS);
    const write = db.transaction((batch: { users: UserTuple[]; attributes: AttributeTuple[] }) => {
      for (const row of batch.users) user.run(row);
      for (const row of batch.attributes) attribute.run(row);
    });
    for (const batch of batches(options)) write(batch);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

async function createOnPostgres(databaseUrl: string, options: BulkOptions): Promise<void> {
  const store = await openStore({ databaseUrl });
  // Column-wise arrays: one statement of a dozen parameters per batch, however many rows.
  const columnsOf = <T extends unknown[]>(rows: T[], width: number) => Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
  try {
    for (const batch of batches(options)) {
      const u = columnsOf(batch.users, USER_COLUMNS.length);
      const a = columnsOf(batch.attributes, ATTRIBUTE_COLUMNS.length);
      await store.transaction(async (trx) => {
        await sql`INSERT INTO users (${sql.raw(USER_COLUMNS.join(', '))})
          SELECT * FROM unnest(${u[0]}::text[], ${u[1]}::text[], ${u[2]}::text[], ${u[3]}::text[], ${u[4]}::text[], ${u[5]}::int[], ${u[6]}::text[], ${u[7]}::bigint[], ${u[8]}::text[], ${u[9]}::bigint[], ${u[10]}::bigint[])`.execute(trx);
        await sql`INSERT INTO user_attributes (${sql.raw(ATTRIBUTE_COLUMNS.join(', '))})
          SELECT * FROM unnest(${a[0]}::text[], ${a[1]}::text[], ${a[2]}::text[], ${a[3]}::text[])`.execute(trx);
      });
    }
  } finally {
    await store.close();
  }
}
