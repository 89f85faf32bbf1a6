import type SQLite from 'better-sqlite3';

/**
 * Prepared statements (prepared.ts) run straight on better-sqlite3 when that is safe, instead of through
 * Kysely's SQLite driver: the driver queues every statement behind a mutex for its one connection and
 * wraps each run in promises, several microtask turns and allocations a statement, which on the token
 * and sign-in paths cost about as much as SQLite's own work for the small statements they run.
 *
 * Safe means the statement cannot land in somebody else's transaction. better-sqlite3 runs a statement
 * synchronously, so nothing interleaves with it; the one thing to rule out is a transaction another
 * request has open on the connection, between its statements. So a statement runs directly when the
 * connection is in a transaction exactly when the caller holds one (`db.isTransaction`: Kysely has
 * handed this caller the connection for its transaction), and goes through Kysely otherwise, where it
 * waits for that transaction to end as before.
 */
const databases = new WeakMap<object, SQLite.Database>();

/** Records the better-sqlite3 database behind a Kysely instance, by its dialect adapter (shared by its transactions). */
export function runStatementsDirectly(adapter: object, database: SQLite.Database): void {
  databases.set(adapter, database);
}

/** The rows of `sql` run now on the database behind `adapter`; undefined when it must go through Kysely. */
export function runDirectly(adapter: object, callerHoldsTransaction: boolean, sql: string, parameters: readonly unknown[]): unknown[] | undefined {
  const database = databases.get(adapter);
  if (!database || database.inTransaction !== callerHoldsTransaction) return undefined;
  const statement = database.prepare(sql);
  if (statement.reader) return statement.all(parameters);
  statement.run(parameters);
  return [];
}
