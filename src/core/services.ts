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
 * Every write through the core invalidates the entry it changed. When several nodes share one
 * PostgreSQL database, a node cannot see another's writes, so entries also expire after `ttlMs`.
 */
export class ConfigCache {
  private readonly entries = new Map<string, { value: unknown; loadedAt: number }>();
  // Bumped by every invalidation, so a load that started before a write never stores what it read.
  private generation = 0;

  constructor(
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.loadedAt < this.ttlMs) return entry.value as T;
    const loadedAt = this.now();
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation) this.entries.set(key, { value, loadedAt });
    return value;
  }

  invalidate(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
