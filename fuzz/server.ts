import { randomBytes } from 'node:crypto';
import { tracingChannel } from 'node:diagnostics_channel';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import type { RunningServer, ServerOptions } from '../src/http/server.js';
import { startServer } from '../src/http/server.js';

export type Engine = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE_URL = process.env.COGNATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FuzzServer extends RunningServer {
  engine: Engine;
  /** The requests the server has received and not finished working on (method and path), see trackRequests. */
  inProgress(): string[];
  /** Resolves true once no request is in progress; false if some still are after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean>;
  /**
   * Starts recording the status the server ended each request received from now on with, whether or not
   * its client was still there to read it (undefined: the server never answered it); the returned
   * function stops and gives them.
   */
  recordAnswers(): () => (number | undefined)[];
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
    const tracker = trackRequests(server.app.server);
    return {
      ...server,
      engine,
      inProgress: tracker.inProgress,
      whenIdle: tracker.whenIdle,
      recordAnswers: tracker.recordAnswers,
      close: async () => {
        tracker.stop();
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

/** What fastify publishes on its `fastify.request.handler` tracing channel (lib/handle-request.js). */
interface HandlerStore {
  request: FastifyRequest;
  reply: FastifyReply;
  async: boolean;
}

/**
 * Counts the requests the server is still working on, so that a state check can wait until a request
 * runs alone. A client that gives up early (a raw case half-closes its socket, which Node's HTTP server
 * answers by closing the connection at once; a timed-out request destroys its socket) is done long
 * before the server is: the handler goes on, and a valid grant still writes its rows afterwards.
 * So neither the client's answer nor the response's 'close' event (emitted as soon as the socket goes,
 * before the handler has finished) nor 'finish' and fastify's onResponse hook (neither ever fires once
 * the socket is gone) says that the server is done.
 *
 * A request counts from the HTTP server's 'request' event (this listener runs before fastify's) until
 * the server ends its response: `res.end` is wrapped, because fastify calls it at the very end of
 * every request's life (after the hooks, the handler, the error handler and the onSend hooks, so after
 * every write they await), whether or not the client is still connected. The one path that never ends
 * the response is an async handler that resolves with nothing after its client went away
 * (lib/wrap-thenable.js then sends nothing); fastify's `fastify.request.handler` tracing channel
 * reports that handler settling, and the request is done then if nothing was sent. Anything else that
 * never ends a response makes `whenIdle` time out, which the fuzz reports: it never waits too little.
 */
export function trackRequests(server: HttpServer): Pick<FuzzServer, 'inProgress' | 'whenIdle' | 'recordAnswers'> & { stop: () => void } {
  interface Entry {
    what: string;
    sendCalled: boolean;
    /** The recordings running when the request arrived. */
    recordings: Set<(number | undefined)[]>;
  }
  const pending = new Map<IncomingMessage, Entry>();
  const recordings = new Set<(number | undefined)[]>();
  let waiters: (() => void)[] = [];

  const finish = (req: IncomingMessage, status: number | undefined) => {
    const entry = pending.get(req);
    if (!entry) return;
    pending.delete(req);
    for (const recording of entry.recordings) recording.push(status);
    if (pending.size > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (res.writableEnded) return;
    pending.set(req, { what: `${req.method ?? '?'} ${(req.url ?? '').slice(0, 80)}`, sendCalled: false, recordings: new Set(recordings) });
    const end = res.end as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      try {
        return end.apply(this, args);
      } finally {
        finish(req, res.statusCode);
      }
    } as ServerResponse['end'];
  };
  server.prependListener('request', onRequest);

  const channel = tracingChannel<unknown, HandlerStore>('fastify.request.handler');
  const handlers = {
    start(store: HandlerStore) {
      const entry = pending.get(store.request.raw);
      if (!entry) return;
      const send = store.reply.send;
      store.reply.send = function (this: FastifyReply, ...args: Parameters<FastifyReply['send']>) {
        entry.sendCalled = true;
        return send.apply(this, args);
      };
    },
    end() {},
    asyncStart() {},
    // The async handler has settled and wrap-thenable has sent its result, if it was going to.
    asyncEnd(store: HandlerStore) {
      const entry = pending.get(store.request.raw);
      if (entry && !entry.sendCalled) finish(store.request.raw, undefined);
    },
    error() {},
  };
  channel.subscribe(handlers);

  return {
    inProgress: () => [...pending.values()].map((e) => e.what),
    whenIdle: (timeoutMs) => {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        waiters.push(done);
      });
    },
    recordAnswers: () => {
      const recording: (number | undefined)[] = [];
      recordings.add(recording);
      return () => {
        recordings.delete(recording);
        return recording;
      };
    },
    stop: () => {
      server.removeListener('request', onRequest);
      channel.unsubscribe(handlers);
    },
  };
}
