/**
 * Cognate as users run it in production: the built `bin/cognate.js` (compiled dist/, no TypeScript
 * loader), on a SQLite file or a fresh PostgreSQL database, seeded with bench/seed.yaml.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Running } from './process.js';
import { ROOT, startProcess } from './process.js';

export type EngineName = 'sqlite' | 'postgres';

export const POOL = 'us-east-1_BenchPool1';
export const PUBLIC_CLIENT = 'benchpublicclient00000001';
export const SERVICE_CLIENT = 'benchserviceclient0000001';
export const SERVICE_SECRET = 'bench0secret0do0not0use0in0production000000000001';
export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'Passw0rd!';
/** The seed's users the sign-in scenarios take turns over. */
export const LOGIN_USERS = Array.from({ length: 10 }, (_, i) => `login${i}`);
export const SEED = join(ROOT, 'bench', 'seed.yaml');
const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Builds what `bin/cognate.js` runs: src/ compiled to dist/, then the bundle and its code cache
 * (scripts/bundle.mjs). The binary runs the bundle whenever there is one, so compiling alone would
 * measure the last `npm run build`'s code. A failing typecheck still emits, and is only noted.
 */
export function build(): void {
  if (process.env.BENCH_BUILD === '0') return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    console.log(`note: npm run build reported errors (dist/ was still emitted):\n${String((error as { stdout?: Buffer }).stdout ?? error).slice(0, 600)}`);
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
  // What the build wrote goes to disk now, not while the start times are taken (bulk-users.ts says why).
  execFileSync('sync');
}

/** Where one run keeps its data: a SQLite folder, or a PostgreSQL database of its own. */
export interface Storage {
  engine: EngineName;
  dataDir: string;
  databaseUrl?: string;
  /** Size of the database on disk, in bytes. */
  size(): Promise<number>;
  dispose(): Promise<void>;
}

export async function createStorage(engine: EngineName): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognate-bench-'));
  if (engine === 'sqlite') {
    return {
      engine,
      dataDir,
      size: async () => {
        const { statSync } = await import('node:fs');
        const file = (name: string) => {
          try {
            return statSync(join(dataDir, name)).size;
          } catch {
            return 0;
          }
        };
        return file('cognate.sqlite') + file('cognate.sqlite-wal');
      },
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `cognate_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    engine,
    dataDir,
    databaseUrl: url.toString(),
    size: async () => Number((await adminQuery(`SELECT pg_database_size('${name}') AS size`))[0]!.size),
    dispose: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

export async function postgresAvailable(): Promise<boolean> {
  return adminQuery('SELECT 1').then(
    () => true,
    () => false,
  );
}

/** The same master key for the server and the bench's bulk writer, so the writer can seal passwords. */
export const MASTER_KEY = randomBytes(32).toString('hex');

export function cognateArgs(storage: Storage, options: { port?: number; workers?: number } = {}): string[] {
  return [
    join(ROOT, 'bin', 'cognate.js'),
    'serve',
    '--port',
    String(options.port ?? 0),
    '--data',
    storage.dataDir,
    ...(storage.databaseUrl ? ['--database-url', storage.databaseUrl] : []),
    '--seed',
    SEED,
    '--log-level',
    'error',
    // The hosted UI's throttle would answer the code-flow scenario with 429s: it is a guard, not a cost.
    '--ui-rate-limit',
    '0',
    '--ui-ip-rate-limit',
    '0',
    ...(options.workers ? ['--workers', String(options.workers)] : []),
  ];
}

export const cognateEnv = (): Record<string, string> => ({ COGNATE_MASTER_KEY: MASTER_KEY });

export function startCognate(storage: Storage, options: { workers?: number } = {}): Promise<Running> {
  return startProcess({ args: cognateArgs(storage, options), env: cognateEnv(), ready: /listening on (http:\/\/\S+)/ });
}

/** Whether this build has `serve --workers` (the multi-core item of issue 13). */
export function hasWorkers(): boolean {
  try {
    const help = execFileSync(process.execPath, [join(ROOT, 'bin', 'cognate.js'), 'serve', '--help'], { cwd: ROOT, encoding: 'utf8' });
    return help.includes('--workers');
  } catch {
    return false;
  }
}

type Api = (target: string, body: unknown) => Promise<Record<string, unknown>>;

/** A Cognito JSON API caller for setting up a scenario (not for load). */
export function apiOf(url: string): Api {
  return async (target, body) => {
    const res = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${target}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
