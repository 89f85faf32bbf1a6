import type { Sealer } from '../crypto/seal.js';
import type { Store } from '../store/database.js';
import type { Clock, Random } from './providers.js';
import type { FunctionRunner } from './trigger/runner.js';

export type IssuerStyle = 'local' | 'aws';

export interface Settings {
  region: string;
  /** Where the server is reached from outside, e.g. `http://localhost:9400`. No trailing slash. */
  publicUrl: string;
  issuerStyle: IssuerStyle;
  accountId: string;
  /** How long outbox messages (codes, temporary passwords) are kept; absent means 24 hours. */
  outboxRetentionSeconds?: number;
  /** The hosted UI's throttle on form posts (oauth/ui-throttle.ts); absent means its defaults. */
  uiRateLimit?: UiRateLimit;
  /** `--compromised-passwords`: passwords known to be leaked, which a risk configuration may BLOCK (core/events/risk.ts). */
  compromisedPasswords?: ReadonlySet<string>;
  /** Request-rate quotas (core/quota), requests per second by category; absent means none are enforced. */
  quotas?: Readonly<Record<string, number>>;
  /** `--provider-endpoint`: the OIDC issuer a social provider type is reached at instead of Cognate's stand-in. */
  providerEndpoints?: Partial<Record<SocialProviderType, string>>;
}

export type SocialProviderType = 'Google' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple';

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
  /** Runs the Lambda functions that pools name in LambdaConfig (core/trigger). */
  functions: FunctionRunner;
}

/** Carries invalidations to the other nodes sharing the database; absent when the process is alone. */
export interface InvalidationBus {
  publish(key: string): void;
}

/**
 * Pool and client configuration, read on nearly every request, kept in memory.
 * Every write through the core invalidates the entry it changed, here and, through the bus, on every
 * other node sharing a PostgreSQL database (see docs/decisions.md, "Several nodes"). Entries also expire
 * after `ttlMs`, which bounds the cost of an invalidation that was lost on the way.
 */
export class ConfigCache {
  private readonly entries = new Map<string, { value: unknown; loadedAt: number }>();
  // Bumped by every invalidation, so a load that started before a write never stores what it read.
  private generation = 0;
  private bus: InvalidationBus | undefined;
  // False while other nodes' invalidations could go unheard: then nothing is kept.
  private synchronised = true;

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
    if (value !== undefined && generation === this.generation && this.synchronised) this.entries.set(key, { value, loadedAt });
    return value;
  }

  /** This node changed what `key` describes: forget it here and on the other nodes. */
  invalidate(key: string): void {
    this.forget(key);
    this.bus?.publish(key);
  }

  /** Another node changed what `key` describes. */
  forget(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Sends this cache's invalidations to the other nodes from now on. */
  connect(bus: InvalidationBus): void {
    this.bus = bus;
  }

  /**
   * Whether the other nodes' invalidations reach this cache. While they may not (the feed is down,
   * or not up yet), every read goes to the database; when they do again, what was kept before is dropped,
   * since changes made in between went unheard.
   */
  setSynchronised(synchronised: boolean): void {
    this.synchronised = synchronised;
    this.clear();
  }
}

/** The hosted UI's form-post budgets (oauth/ui-throttle.ts). */
export interface UiRateLimit {
  /** Counted posts a minute per IP address and user; 0 turns the budget off. */
  perUser: number;
  /** Posts a minute per IP address, whatever they are; 0 turns the ceiling off. */
  perIp: number;
}
