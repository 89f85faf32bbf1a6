import type { Transaction } from 'kysely';
import type { DatabaseConnection, Driver } from 'kysely';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { ChangeFeed } from './change-feed.js';
import { openChangeFeed } from './change-feed.js';
import { parseDatabaseUrl, describeConnectionError, redactedUrl } from './database-url.js';
import type { Engine } from './engine.js';
import { migrate } from './migrate.js';
import type { Database } from './schema.js';
import { pgDriver } from './pg.js';
import { openSqliteFile } from './sqlite-file.js';
import { cacheStatements } from './statement-cache.js';
import { runStatementsDirectly } from './sqlite-direct.js';

export type Db = Kysely<Database>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface StoreOptions {
  /** postgres://... for PostgreSQL; otherwise SQLite. */
  databaseUrl?: string;
  /** Folder for the SQLite file; absent means an in-memory database. */
  dataDir?: string;
  /** Told when a PostgreSQL connection drops (restart, failover, pg_terminate_backend); the pool replaces it. */
  onConnectionLost?: (error: Error) => void;
  /** SQLite: the file is shared by the workers of `serve --workers N` (sqlite-file.ts) instead of locked by this process. */
  shared?: boolean;
}

export interface Store {
  readonly db: Db;
  readonly engine: Engine;
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a query now; rejects with the reason when it does not. */
  ping(): Promise<void>;
  /** Other nodes' invalidations (PostgreSQL only: SQLite has one process, see sqlite-file.ts). */
  readonly changes?: ChangeFeed;
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.dataDir, options.shared === true);
}

async function openSqlite(dataDir: string | undefined, shared: boolean): Promise<Store> {
  const file = openSqliteFile(dataDir, { shared });
  const database = cacheStatements(file.database);
  const dialect = shared ? new ImmediateSqliteDialect({ database }) : new SqliteDialect({ database });
  const db = new Kysely<Database>({ dialect });
  runStatementsDirectly(db.getExecutor().adapter, database);
  try {
    await migrate(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    file.release();
    throw error;
  }
  return {
    db,
    engine: 'sqlite',
    transaction: (work) => db.transaction().execute(work),
    ping: async () => undefined,
    close: async () => {
      await db.destroy();
      file.release();
    },
  };
}

/**
 * Transactions that take the write lock when they begin: a deferred one that reads first and then
 * writes gets SQLITE_BUSY at once, without waiting, when another process wrote in between, whereas one
 * that asks for the lock up front queues behind the other process's writer for the busy timeout.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => void (await connection.executeQuery(CompiledQuery.raw('begin immediate')));
    return driver;
  }
}

// How long a request waits for a connection to an unreachable database before it fails, instead of
// hanging for the operating system's TCP timeout; generous, as a busy machine is slow to connect.
const CONNECT_TIMEOUT_MS = 15_000;
const PING_TIMEOUT_MS = 5000;

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const config = parseDatabaseUrl(url);
  const onConnectionLost = options.onConnectionLost ?? ((error: Error) => console.error(`cognate: PostgreSQL connection lost: ${error.message}`));
  const pool = new (pgDriver().Pool)({ connectionString: config.toString(), max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection dropped by the server (restart, failover, pg_terminate_backend) emits 'error' on its
  // client: the pool listens while the client is idle, but not while a request holds it, and an
  // unheard 'error' event ends the process. The request in flight fails with the query's own error.
  pool.on('error', onConnectionLost);
  pool.on('connect', (client) => client.on('error', onConnectionLost));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      throw new Error(`cannot connect to PostgreSQL at ${redactedUrl(config)}: ${describeConnectionError(error)}`);
    }
    await migrate(db, 'postgres');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const notify = async (channel: string, message: string) => void (await sql`select pg_notify(${channel}, ${message})`.execute(db));
  const changes = openChangeFeed(config.toString(), notify, onConnectionLost);
  return {
    db,
    engine: 'postgres',
    changes,
    transaction: (work) => db.transaction().execute(work),
    ping: () => withTimeout(sql`select 1`.execute(db), PING_TIMEOUT_MS, 'PostgreSQL did not answer within 5 s'),
    close: async () => {
      await changes.close();
      await db.destroy();
    },
  };
}

async function withTimeout(work: Promise<unknown>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when a write failed because a row with the same unique key exists (both engines). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
