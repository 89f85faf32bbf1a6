import type { FastifyInstance } from 'fastify';
import type { Services } from '../core/services.js';

/**
 * `GET /health`: 200 when the storage answers a query now, else 503 with the reason, so that a load
 * balancer takes a node whose database is unreachable out of rotation and puts it back when it recovers.
 */
export function registerHealth(app: FastifyInstance, services: Services): void {
  app.get('/health', async (_request, reply) => {
    const storage = services.store.engine;
    try {
      await services.store.ping();
      // pid: which process answered, with `serve --workers N`.
      return { status: 'ok', storage, pid: process.pid };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', storage, pid: process.pid, reason: (error as Error).message || String(error) });
    }
  });
}
