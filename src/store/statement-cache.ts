import type SQLite from 'better-sqlite3';

/**
 * Keeps SQLite's prepared statements by their SQL. Kysely's SQLite driver prepares every query it runs,
 * and compiling the statement cost more than running it on the hot paths (a token grant, a sign-in);
 * Kysely's SQL text is stable per query shape, so a few hundred statements cover every query Cognate has.
 * A statement still being iterated (a streamed query) is busy: a fresh one is prepared beside it then.
 */
export function cacheStatements(database: SQLite.Database, max = 500): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  database.prepare = ((source: string) => {
    const kept = statements.get(source);
    if (kept && !kept.busy) return kept;
    const statement = prepare(source);
    if (!kept) {
      // The oldest statement goes first; a cache this size is only full when queries carry varying lists.
      if (statements.size >= max) statements.delete(statements.keys().next().value!);
      statements.set(source, statement);
    }
    return statement;
  }) as SQLite.Database['prepare'];
  return database;
}
