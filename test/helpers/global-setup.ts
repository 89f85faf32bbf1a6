import { existsSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const TEST_DATABASE_URL = process.env.COGNATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const CHROMIUM = process.env.COGNATE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Finds out once which services this machine has. Missing ones skip their suites with a clear line,
 * unless COGNATE_REQUIRE_POSTGRES / COGNATE_REQUIRE_BROWSER say they must be there (as CI does).
 */
export default async function setup(project: TestProject): Promise<void> {
  let postgres = false;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    postgres = true;
  } catch (error) {
    if (process.env.COGNATE_REQUIRE_POSTGRES === '1')
      throw new Error(`COGNATE_REQUIRE_POSTGRES=1 but PostgreSQL at ${TEST_DATABASE_URL} is unreachable: ${(error as Error).message}`);
    console.log(`\nSKIP: PostgreSQL is not reachable at ${TEST_DATABASE_URL}; storage suites run on SQLite only.\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const browser = existsSync(CHROMIUM);
  if (!browser) {
    if (process.env.COGNATE_REQUIRE_BROWSER === '1') throw new Error(`COGNATE_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    console.log(`\nSKIP: no Chromium at ${CHROMIUM}; browser suites are skipped.\n`);
  }
  project.provide('postgres', postgres);
  project.provide('browser', browser);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: boolean;
    browser: boolean;
  }
}
