import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture } from '../../fuzz/fixture.js';
import type { FuzzServer } from '../../fuzz/server.js';
import { startFuzzServer, trackRequests } from '../../fuzz/server.js';
import { createAgent, send } from '../../fuzz/send.js';
import { difference, takeSnapshot } from '../../fuzz/snapshot.js';
import { engines } from '../helpers/server.js';
import { rawExchange } from '../helpers/raw-socket.js';

/**
 * The fuzz suite's "a rejected request changes no stored state" check sends a request alone between
 * two snapshots. A client that gives up early (a raw case half-closes its socket, and Node's HTTP
 * server then closes the connection at once) is done before the server: the check must wait until the
 * server has finished every request, or a grant still running writes its rows into the next check.
 */

/** Writes one request, half-closes as the fuzz's raw cases do, and resolves when the server closes. */
const halfClose = (port: number, path: string) => rawExchange(port, `GET ${path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n`);

describe('fuzz request tracking', () => {
  const app = Fastify();
  let release: () => void = () => undefined;
  let finished: string[] = [];
  const gate = () => new Promise<void>((resolve) => (release = resolve));
  app.get('/answers', async () => {
    await gate();
    finished.push('answers');
    return { ok: true };
  });
  // Resolves with nothing: after its client went away fastify sends nothing and never ends the response.
  app.get('/silent', async () => {
    await gate();
    finished.push('silent');
  });
  let tracker: ReturnType<typeof trackRequests>;
  let port = 0;

  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    tracker = trackRequests(app.server);
  });
  afterAll(async () => {
    tracker.stop();
    await app.close();
  });

  for (const path of ['/answers', '/silent']) {
    it(`counts ${path} until its handler is done, not until its client is`, async () => {
      finished = [];
      const served = tracker.recordAnswers();
      const answer = await halfClose(port, path);
      expect(answer).toBe('');
      expect(tracker.inProgress()).toEqual([`GET ${path}`]);
      expect(await tracker.whenIdle(50)).toBe(false);
      release();
      expect(await tracker.whenIdle(2_000)).toBe(true);
      expect(finished).toEqual([path.slice(1)]);
      expect(tracker.inProgress()).toEqual([]);
      // The status the server ended it with, though no client read it; none when it sent nothing.
      expect(served()).toEqual(path === '/answers' ? [200] : [undefined]);
    });
  }

  it('is idle at once when nothing is in progress, and after ordinary answered requests', async () => {
    expect(await tracker.whenIdle(0)).toBe(true);
    const pending = fetch(`http://127.0.0.1:${port}/answers`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tracker.inProgress()).toEqual(['GET /answers']);
    release();
    expect((await pending).status).toBe(200);
    expect(await tracker.whenIdle(2_000)).toBe(true);
  });
});

for (const engine of engines()) {
  describe(`fuzz request tracking on the real server [${engine}]`, () => {
    let server: FuzzServer;
    beforeAll(async () => {
      server = await startFuzzServer(engine);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
    });

    it('waits for an implicit grant whose client closed before the answer (seed 7 case 6167, seed 99 case 24388)', async () => {
      const fx = await createFixture(server.url);
      const origin = new URL(server.url);
      const query = new URLSearchParams({ response_type: 'token', client_id: fx.publicClientId, redirect_uri: fx.callback, scope: 'aws.cognito.signin.user.admin', state: 's' });
      const bytes = Buffer.from(`GET /${fx.poolId}/oauth2/authorize?${query} HTTP/1.1\r\nhost: ${origin.host}\r\ncookie: ${fx.ssoCookie}\r\nconnection: close\r\n\r\n`, 'latin1');
      const before = await takeSnapshot(server.services.store);
      const served = server.recordAnswers();
      const agent = createAgent();
      const answer = await send(origin, { kind: 'raw', protocol: 'any', bytes, what: 'raw implicit grant' }, agent, 10_000).finally(() => agent.destroy());
      // Usually the server closes the half-closed connection before it answers, and the grant goes on
      // without its client; a grant quicker than the close is answered (302). Either way the grant ran
      // to its end, which is what the tracker must wait for.
      expect([0, 302]).toContain(answer.status);
      expect(await server.whenIdle(10_000)).toBe(true);
      // The server did accept it: the fuzz does not count it as a rejected request.
      expect(served()).toEqual([302]);
      // Once idle, the grant's token family is stored: a snapshot taken now sees all of it.
      expect(difference(before, await takeSnapshot(server.services.store))).toMatch(/^refresh_tokens: 0 row\(s\) before:[\s\S]*1 row\(s\) after/);
    });
  });
}
