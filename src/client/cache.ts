import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkProfileName, configDir, privateDir, writePrivateFile } from './config.js';
import type { TokenSet } from './token-set.js';

/**
 * Cached tokens, one file per profile under `<config dir>/tokens/` (mode 0600, folder 0700). Settings
 * without a profile are cached under a name derived from them. Each entry records the fingerprint of
 * the settings it was made with, and is ignored when they change.
 */
export interface CacheEntry {
  fingerprint: string;
  tokens: TokenSet;
}

export const cacheKeyOf = (profile: string | undefined, fingerprint: string): string =>
  profile ? checkProfileName(profile) : `settings-${fingerprint.slice(0, 16)}`;

export class TokenCache {
  constructor(readonly dir: string = join(configDir(), 'tokens')) {}

  pathOf(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  async read(key: string, fingerprint: string): Promise<TokenSet | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      if (entry.fingerprint !== fingerprint || typeof entry.tokens?.access_token !== 'string') return undefined;
      return entry.tokens;
    } catch {
      return undefined; // a damaged entry is as good as none
    }
  }

  async write(key: string, fingerprint: string, tokens: TokenSet): Promise<void> {
    await privateDir(this.dir);
    const entry: CacheEntry = { fingerprint, tokens };
    await writePrivateFile(this.pathOf(key), `${JSON.stringify(entry, null, 2)}\n`);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
