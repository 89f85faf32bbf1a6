import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunningServer, ServerOptions } from '../src/http/server.js';
import { startServer } from '../src/http/server.js';

export type Engine = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE_URL = process.env.COGNATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FuzzServer extends RunningServer {
  engine: Engine;
}

/**
 * The real server on an ephemeral port, in memory (SQLite) or on a fresh PostgreSQL database that
 * is dropped on close. No vitest here: `npm run fuzz` uses it outside the test runner.
 */
export async function startFuzzServer(engine: Engine, options: ServerOptions = {}, adminUrl = DEFAULT_DATABASE_URL): Promise<FuzzServer> {
  let drop: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    const name = `cognate_fuzz_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  try {
    const server = await startServer({ port: 0, inMemory: true, logLevel: 'silent', databaseUrl, ...options });
    return {
      ...server,
      engine,
      close: async () => {
        await server.close();
        await drop?.();
      },
    };
  } catch (error) {
    await drop?.();
    throw error;
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
