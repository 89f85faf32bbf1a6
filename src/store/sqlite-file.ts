import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

export interface SqliteFile {
  database: SQLite.Database;
  /** Closes nothing (Kysely closes the database); forgets the lock file. */
  release(): void;
}

export const SQLITE_FILE = 'cognate.sqlite';
export const LOCK_FILE = 'cognate.lock';

/**
 * The data folder's database, owned by this process alone. Each process keeps pool, client and key
 * configuration in memory and cannot hear another's writes, so a second process on the same file would
 * serve deleted clients and stale keys: it is refused. The lock is SQLite's own exclusive lock, held
 * until the connection closes; the operating system drops it when the process dies, even by kill -9, so
 * a leftover lock file never blocks a restart. The lock file only says who holds the folder.
 * Without a data folder the database lives in memory, private to the process anyway.
 */
export function openSqliteFile(dataDir: string | undefined, options: { shared?: boolean } = {}): SqliteFile {
  if (!dataDir) return { database: configure(new SQLite(':memory:')), release: () => undefined };
  const folder = resolve(dataDir);
  ensurePrivateFolder(folder);
  const file = join(folder, SQLITE_FILE);
  // SQLite creates the -wal (and -shm) files with the mode of the database file, so 0600 here covers them.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const database = new SQLite(file);
  if (options.shared) return openShared(database, folder);
  try {
    // Before the first access, so that WAL mode keeps its index in this process's memory (no -shm file
    // another process could map) and the lock is held for the connection's life.
    database.pragma('locking_mode = EXCLUSIVE');
    database.pragma('busy_timeout = 0');
    database.pragma('journal_mode = WAL');
    database.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    database.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(heldMessage(folder));
    throw error;
  }
  configure(database);
  const lockFile = join(folder, LOCK_FILE);
  writeFileSync(lockFile, `${process.pid}\n`, { mode: 0o600 });
  chmodSync(lockFile, 0o600);
  return {
    database,
    release: () => {
      try {
        if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile);
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * `serve --workers N`: the workers of one primary share the file (WAL, so readers never wait for the one
 * writer, and a busy timeout, so writers queue). They hear each other's writes through the primary
 * (cli/cluster.ts), which holds the folder with `holdSqliteFolder` so no other server joins them.
 * A single server's EXCLUSIVE lock still refuses them, and theirs refuses it.
 */
function openShared(database: SQLite.Database, folder: string): SqliteFile {
  try {
    database.pragma('busy_timeout = 0');
    database.pragma('journal_mode = WAL');
  } catch (error) {
    database.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(heldMessage(folder));
    throw error;
  }
  return { database: configure(database), release: () => undefined };
}

const PRIMARY_LOCK_FILE = 'cognate.primary.lock';

/**
 * Held by the primary of `serve --workers N` for its life: a second primary on the folder is refused,
 * as its workers would not hear this one's. An exclusive lock on a small SQLite file of its own, dropped
 * by the operating system when the process dies, like the single server's lock.
 */
export function holdSqliteFolder(dataDir: string): SqliteFile {
  const folder = resolve(dataDir);
  ensurePrivateFolder(folder);
  closeSync(openSync(join(folder, PRIMARY_LOCK_FILE), 'a', 0o600));
  const database = new SQLite(join(folder, PRIMARY_LOCK_FILE));
  try {
    database.pragma('locking_mode = EXCLUSIVE');
    database.pragma('busy_timeout = 0');
    database.exec('BEGIN EXCLUSIVE; COMMIT');
    // A single server holding the database itself is found here, before the lock file names this process.
    closeSync(openSync(join(folder, SQLITE_FILE), 'a', 0o600));
    openShared(new SQLite(join(folder, SQLITE_FILE)), folder).database.close();
  } catch (error) {
    database.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(heldMessage(folder));
    throw error;
  }
  const lockFile = join(folder, LOCK_FILE);
  writeFileSync(lockFile, `${process.pid}\n`, { mode: 0o600 });
  return {
    database,
    release: () => {
      database.close();
      try {
        if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile);
      } catch {
        // Already gone.
      }
    },
  };
}

function configure(database: SQLite.Database): SQLite.Database {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return database;
}

/** Creates the folder as 0700; an existing folder readable by others is named, not changed behind the owner's back. */
export function ensurePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const mode = statSync(folder).mode & 0o777;
  if (mode & 0o077) console.error(`cognate: warning: ${folder} is readable by other users (mode ${mode.toString(8)}); chmod 700 it`);
}

function heldMessage(folder: string): string {
  let holder = 'another process';
  try {
    const pid = Number(readFileSync(join(folder, LOCK_FILE), 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) holder = `another cognate process (pid ${pid})`;
  } catch {
    // No lock file: something other than cognate holds the database open.
  }
  return `the data folder ${folder} is in use by ${holder}; stop it, or give this server its own --data folder (with PostgreSQL, several nodes can share one database)`;
}
