import type { ConfigCache } from '../core/services.js';

/** Messages between the primary of `serve --workers N` (cli/cluster.ts) and its workers. */
export type ClusterMessage =
  | { cognate: 'invalidate'; key: string; seq: number }
  | { cognate: 'forget'; key: string; seq: number; from: number }
  | { cognate: 'forgot'; seq: number; from: number }
  | { cognate: 'invalidated'; seq: number }
  /** The worker hears the primary from now on: invalidations must reach it. */
  | { cognate: 'ready' }
  /** The worker serves; `details` goes in the primary's `listening on` line, `before` and `after` around it. */
  | { cognate: 'listening'; url: string; details: string; before: string[]; after: string[] };

export const isClusterMessage = (m: unknown): m is ClusterMessage => typeof m === 'object' && m !== null && typeof (m as { cognate?: unknown }).cognate === 'string';

// A write's response never hangs on a primary that stopped answering; the cache's expiry then bounds staleness.
const ACK_TIMEOUT_MS = 5000;

/**
 * A worker's side of `serve --workers N`: its cache invalidations go to the primary, which hands them to
 * every other worker and answers once each has dropped the key. The response to the write waits for that
 * answer (server.ts), so the next request sees the change whichever worker it lands on.
 */
export class WorkerLink {
  private seq = 0;
  private readonly waiting = new Map<number, () => void>();
  private readonly pending = new Set<Promise<void>>();
  private cache: ConfigCache | undefined;

  constructor(
    private readonly send: (message: ClusterMessage) => void,
    private readonly onTimeout: (key: string) => void,
  ) {}

  /** Tells the other workers that `key` changed. */
  publish(key: string): void {
    const seq = ++this.seq;
    let timer: NodeJS.Timeout | undefined;
    const acknowledged = new Promise<void>((resolve) => {
      this.waiting.set(seq, resolve);
      timer = setTimeout(() => {
        this.onTimeout(key);
        resolve();
      }, ACK_TIMEOUT_MS);
    }).finally(() => {
      clearTimeout(timer);
      this.waiting.delete(seq);
      this.pending.delete(acknowledged);
    });
    this.pending.add(acknowledged);
    this.send({ cognate: 'invalidate', key, seq });
  }

  /** Resolves once every other worker has dropped what this one invalidated so far; undefined when nothing is on the way. */
  settled(): Promise<void> | undefined {
    if (this.pending.size === 0) return undefined;
    return Promise.all([...this.pending]).then(() => undefined);
  }

  attach(cache: ConfigCache): void {
    this.cache = cache;
  }

  /** A message from the primary; acknowledged even before the cache exists (it starts empty). */
  receive(message: ClusterMessage): void {
    if (message.cognate === 'forget') {
      this.cache?.forget(message.key);
      this.send({ cognate: 'forgot', seq: message.seq, from: message.from });
    } else if (message.cognate === 'invalidated') {
      this.waiting.get(message.seq)?.();
    }
  }
}
