import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that seals secrets at rest, from `COGNATE_MASTER_KEY` (64 hex characters or base64 of 32 bytes),
 * else `master.key` in the data folder (created with mode 0600), else — for `--in-memory` — a fresh one.
 */
export function loadMasterKey(options: { envValue?: string; dataDir?: string }): Buffer {
  if (options.envValue) return parseKey(options.envValue, 'COGNATE_MASTER_KEY');
  if (!options.dataDir) return randomBytes(32);
  const file = join(options.dataDir, 'master.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes as 64 hex characters or base64`);
  return key;
}
