import { createRequire } from 'node:module';
import type pg from 'pg';

const require = createRequire(import.meta.url);
let loaded: typeof pg | undefined;

/** The PostgreSQL driver, loaded when a database URL is used: a SQLite server never needs it. */
export function pgDriver(): typeof pg {
  if (loaded) return loaded;
  loaded = require('pg') as typeof pg;
  // PostgreSQL returns bigint columns as strings by default; every bigint here is an epoch-ms time or a small number.
  loaded.types.setTypeParser(20, (value) => Number(value));
  return loaded;
}
