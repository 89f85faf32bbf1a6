import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Engine } from './engine.js';
import { migrate } from './migrate.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface StoreOptions {
  /** postgres://... for PostgreSQL; otherwise SQLite. */
  databaseUrl?: string;
  /** Folder for the SQLite file; absent means an in-memory database. */
  dataDir?: string;
}

export interface Store {
  readonly db: Db;
  readonly engine: Engine;
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// PostgreSQL returns bigint columns as strings by default; every bigint here is an epoch-ms time or a small number.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openStore(options: StoreOptions): Promise<Store> {
  const engine: Engine = options.databaseUrl ? 'postgres' : 'sqlite';
  const db = new Kysely<Database>({ dialect: engine === 'postgres' ? postgresDialect(options.databaseUrl!) : sqliteDialect(options.dataDir) });
  try {
    await migrate(db, engine);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    engine,
    transaction: (work) => db.transaction().execute(work),
    close: () => db.destroy(),
  };
}

function sqliteDialect(dataDir: string | undefined): SqliteDialect {
  let file = ':memory:';
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    file = join(dataDir, 'cognate.sqlite');
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database: sqlite });
}

function postgresDialect(url: string): PostgresDialect {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not crash the process; the pool
  // replaces it on the next query.
  pool.on('error', (error) => console.error(`cognate: PostgreSQL connection lost: ${error.message}`));
  return new PostgresDialect({ pool });
}

/** True when a write failed because a row with the same unique key exists (both engines). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
