import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface MasterKey {
  key: Buffer;
  /** Where the key came from, for messages: `COGNATE_MASTER_KEY`, a file, or a random key. */
  source: string;
  /** The key file this start created, when it did. */
  createdFile?: string;
}

/**
 * The key that seals secrets at rest, from `COGNATE_MASTER_KEY` (64 hex characters or base64 of 32 bytes),
 * else `master.key` in `keyDir` (created with mode 0600 in a 0700 folder), else — for `--in-memory` — a fresh one.
 */
export function resolveMasterKey(options: { envValue?: string; keyDir?: string }): MasterKey {
  if (options.envValue) return { key: parseKey(options.envValue, 'COGNATE_MASTER_KEY'), source: 'COGNATE_MASTER_KEY' };
  if (!options.keyDir) return { key: randomBytes(32), source: 'a random key for this run' };
  const file = resolve(options.keyDir, 'master.key');
  if (existsSync(file)) return { key: parseKey(readFileSync(file, 'utf8').trim(), file), source: file };
  mkdirSync(options.keyDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, source: file, createdFile: file };
}

/**
 * Where a PostgreSQL node keeps `master.key` when neither COGNATE_MASTER_KEY nor --data says: the
 * user's configuration folder, so that every node this user starts on this machine, from any working
 * directory, shares one key. Nodes on other machines must be given the same key; the database's key
 * check (core/keys/master-key-check.ts) refuses them otherwise.
 */
export function defaultPostgresKeyDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'cognate');
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes as 64 hex characters or base64`);
  return key;
}
