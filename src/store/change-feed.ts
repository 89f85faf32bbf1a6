import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { pgDriver } from './pg.js';

const CHANNEL = 'cognate_changes';
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2000;

export interface ChangeFeedEvents {
  /** A message another node published (never this node's own). */
  message: [payload: string];
  /** Listening (again): messages sent while the feed was down are lost, so everything learned before is suspect. */
  connected: [];
  /** Not listening: another node's change may go unheard until `connected`. */
  disconnected: [error: Error];
}

/**
 * Messages between the nodes that share one PostgreSQL database, over LISTEN/NOTIFY on a connection of
 * its own (a pooled one would lose the subscription when returned). The connection is re-opened until
 * close(), so a database restart only interrupts it; `connected` tells listeners what they may have missed.
 */
export class ChangeFeed extends EventEmitter<ChangeFeedEvents> {
  /** Tells this node's messages from the others' (a node hears its own NOTIFY too). */
  private readonly nodeId = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private pending = new Set<Promise<void>>();
  listening = false;

  constructor(
    private readonly connectionString: string,
    /** Sends one NOTIFY through the store's pool. */
    private readonly notify: (channel: string, message: string) => Promise<void>,
    private readonly onConnectionLost: (error: Error) => void,
  ) {
    super();
    this.connect();
  }

  /**
   * Sends a message to the other nodes, again when a send fails (the pool replaces a connection that
   * just dropped). Failure after a few attempts is reported, not thrown: the caller's write has
   * committed already, and the cache's expiry bounds what a lost message costs.
   */
  publish(payload: string): void {
    const attempt = this.send(`${this.nodeId} ${payload}`).finally(() => this.pending.delete(attempt));
    this.pending.add(attempt);
  }

  private async send(message: string): Promise<void> {
    let lastError: unknown;
    for (let i = 0; i < 3 && !this.closed; i++) {
      try {
        await this.notify(CHANNEL, message);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    if (lastError) this.onConnectionLost(new Error(`could not tell the other nodes about a change: ${(lastError as Error).message}`));
  }

  private connect(): void {
    if (this.closed) return;
    const client = new (pgDriver().Client)({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
    this.client = client;
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      const wasListening = this.listening;
      this.listening = false;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.closed) return;
      if (wasListening) {
        this.onConnectionLost(error);
        this.emit('disconnected', error);
      }
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the change feed connection closed')));
    client.on('notification', (note) => {
      if (note.channel !== CHANNEL || !note.payload) return;
      const space = note.payload.indexOf(' ');
      if (note.payload.slice(0, space) === this.nodeId) return;
      this.emit('message', note.payload.slice(space + 1));
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(
        () => {
          if (lost || this.closed) return;
          this.listening = true;
          this.retryMs = RETRY_MIN_MS;
          this.emit('connected');
        },
        (error: Error) => onLost(error),
      );
  }

  /** Stops listening once the messages already handed to publish() are sent. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.listening = false;
    await this.client?.end().catch(() => undefined);
  }
}

export function openChangeFeed(
  connectionString: string,
  notify: (channel: string, message: string) => Promise<void>,
  onConnectionLost: (error: Error) => void,
): ChangeFeed {
  return new ChangeFeed(connectionString, notify, onConnectionLost);
}
