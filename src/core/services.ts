import type { Sealer } from '../crypto/seal.js';
import type { Store } from '../store/database.js';
import type { Clock, Random } from './providers.js';

export type IssuerStyle = 'local' | 'aws';

export interface Settings {
  region: string;
  /** Where the server is reached from outside, e.g. `http://localhost:9400`. No trailing slash. */
  publicUrl: string;
  issuerStyle: IssuerStyle;
  accountId: string;
}

export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** Everything an operation needs, passed as one plain object (no globals), so tests can swap any part. */
export interface Services {
  store: Store;
  sealer: Sealer;
  clock: Clock;
  random: Random;
  settings: Settings;
  log: Logger;
  cache: ConfigCache;
}

/**
 * Pool and client configuration, read on nearly every request, kept in memory.
 * Every write through the core invalidates the entry it changed.
 */
export class ConfigCache {
  private readonly entries = new Map<string, unknown>();

  async get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = await load();
    if (value !== undefined) this.entries.set(key, value);
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
