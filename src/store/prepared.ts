/**
 * Statements built and compiled once, then run with new values. Kysely builds a query as a tree of
 * frozen nodes and compiles it to SQL on every run; on the hot paths (a sign-in, an access token's
 * check) that cost more than running the statement on SQLite. A prepared statement is built once per
 * database, with stand-ins for its values, and each run binds the values in their places.
 *
 * The rule for `build`: every value reaches the statement unchanged, as a bound parameter. No branch
 * on a value, no arithmetic, no formatting; a query whose shape depends on a value is two prepared
 * statements. The first run checks what it can: each stand-in must come out as whole parameters
 * (one or more), never inside another parameter or in the SQL text.
 */
import { CompiledQuery } from 'kysely';
import type { Compilable } from 'kysely';
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import { runDirectly } from './sqlite-direct.js';

const STAND_IN = '\u0000cognate-value:';

type Slot = { name: string } | { constant: unknown };

interface Compiled {
  sql: string;
  slots: readonly Slot[];
}

/** What `build` gets for the values: stand-ins, typed to go anywhere a value goes. */
export type StandIns<Values> = { readonly [K in keyof Values]-?: never };

export type PreparedStatement<Values, Row> = (db: Executor, engine: Engine, values: Values) => Promise<Row[]>;

export function prepared<Values extends object, Row>(
  build: (db: Executor, values: StandIns<Values>, engine: Engine) => Compilable<Row>,
): PreparedStatement<Values, Row> {
  // One compiled form per database: each adapter (SQLite, PostgreSQL) writes its own SQL.
  const compiledFor = new WeakMap<object, Compiled>();

  function compile(db: Executor, engine: Engine): Compiled {
    const used = new Set<string>();
    const standIns = new Proxy({} as StandIns<Values>, {
      get: (_target, name) => {
        used.add(String(name));
        return `${STAND_IN}${String(name)}` as never;
      },
    });
    // Without plugins: a plugin sees each run instead (run() below).
    const query = build(db.withoutPlugins(), standIns, engine).compile();
    if (query.sql.includes(STAND_IN)) throw new Error(`prepared statement: a value was written into the SQL text: ${query.sql}`);
    const bound = new Set<string>();
    const slots = query.parameters.map((parameter): Slot => {
      if (typeof parameter !== 'string' || !parameter.includes(STAND_IN)) return { constant: parameter };
      const name = parameter.slice(STAND_IN.length);
      if (!parameter.startsWith(STAND_IN) || !used.has(name)) throw new Error(`prepared statement: the value ${name} was changed on its way to the statement`);
      bound.add(name);
      return { name };
    });
    const unbound = [...used].filter((name) => !bound.has(name));
    if (unbound.length > 0) throw new Error(`prepared statement: ${unbound.join(', ')} did not reach the statement as parameters (a branch or a computation on a value?)`);
    return { sql: query.sql, slots };
  }

  return async (db, engine, values) => {
    const executor = db.getExecutor();
    let compiled = compiledFor.get(executor.adapter);
    if (!compiled) compiledFor.set(executor.adapter, (compiled = compile(db, engine)));
    const parameters = compiled.slots.map((slot) => ('name' in slot ? (values as Record<string, unknown>)[slot.name] : slot.constant));
    // SQLite without plugins: straight to the database when no other request's transaction is open (sqlite-direct.ts).
    if (executor.plugins.length === 0) {
      const rows = runDirectly(executor.adapter, db.isTransaction, compiled.sql, parameters);
      if (rows) return rows as Row[];
    }
    const query = CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>;
    // Plugins (the tests' statement counters) still see every statement; none may rewrite it.
    if (executor.transformQuery(query.query, query.queryId) !== query.query) throw new Error('prepared statement: a Kysely plugin that rewrites queries cannot rewrite a prepared one');
    return (await executor.executeQuery<Row>(query)).rows;
  };
}
