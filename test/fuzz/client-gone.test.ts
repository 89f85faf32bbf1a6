import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { afterEach, describe, expect, it } from 'vitest';
import { trackRequests } from '../../fuzz/server.js';
import { endRequestsWhoseClientIsGone } from '../../src/http/client-gone.js';
import { rawExchange } from '../helpers/raw-socket.js';

/**
 * A broken chunk that arrives while an async onRequest hook awaits (the pool endpoints resolve the
 * pool from the store there) destroys the request stream before fastify reads the body; fastify's body
 * reader then waits forever (the fuzz's seed 20240805 case 1841 on PostgreSQL, when the pool was not cached).
 */
async function serverWithGate(withFix: boolean) {
  const app = Fastify();
  if (withFix) endRequestsWhoseClientIsGone(app);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const errors: string[] = [];
  await app.register(formbody);
  app.addHook('onRequest', async () => {
    arrived();
    await gate;
  });
  app.setErrorHandler((error, _request, reply) => {
    errors.push((error as { code?: string }).code ?? String(error));
    return reply.code(400).send({ error: 'invalid_request' });
  });
  app.post('/token', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const tracker = trackRequests(app.server);
  const port = (app.server.address() as { port: number }).port;
  return { app, tracker, port, release, reached, errors };
}

const FORM_POST = 'POST /token HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/x-www-form-urlencoded\r\n';

/** Headers, then a chunk size that is not hex: Node's parser answers 400 itself and destroys the socket. */
const brokenChunk = (port: number, sendBroken: Promise<void>) => rawExchange(port, `${FORM_POST}transfer-encoding: chunked\r\n\r\n`, 'zz\r\nabc\r\n0\r\n\r\n', sendBroken);

/** A whole request with its body, then a half-close: Node's server closes the connection, the unread body with it. */
const wholeThenGone = (port: number, sendAll: Promise<void>) => rawExchange(port, `${FORM_POST}content-length: 9\r\n\r\n`, 'a=b&c=d&e', sendAll);

describe('a request whose body breaks while an onRequest hook awaits', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  for (const withFix of [true, false]) {
    it(withFix ? 'ends through the error handler once the hook is done' : 'waits forever without endRequestsWhoseClientIsGone (what the fix is for)', async () => {
      const server = await serverWithGate(withFix);
      close = () => server.app.close();
      const answer = brokenChunk(server.port, server.reached);
      // Node's HTTP parser refuses the chunk and closes the connection while the hook still waits.
      expect(await answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      expect(server.tracker.inProgress()).toEqual(['POST /token']);
      server.release();
      expect(await server.tracker.whenIdle(withFix ? 5_000 : 300)).toBe(withFix);
      expect(server.errors).toEqual(withFix ? ['COGNATE_CLIENT_GONE'] : []);
      server.tracker.stop();
    });
  }

  it('ends a whole request whose client left (taking the unread body) while the hook waited (seed 20240805 case 9119)', async () => {
    const server = await serverWithGate(true);
    close = () => server.app.close();
    expect(await wholeThenGone(server.port, server.reached)).toBe('');
    expect(server.tracker.inProgress()).toEqual(['POST /token']);
    server.release();
    expect(await server.tracker.whenIdle(5_000)).toBe(true);
    expect(server.errors).toEqual(['COGNATE_CLIENT_GONE']);
    server.tracker.stop();
  });
});
