import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { fastifyAuth, verifier } from '../../src/verify/index.js';
import type { VerifierOptions } from '../../src/verify/index.js';

/**
 * A small API protected by Cognate's verifier, as the walkthrough's "API called with the token".
 * In your own project the import is `from 'cognate/verify'`.
 *
 *   GET  /hello   any valid access token of the pool
 *   GET  /items   scope demo-api/read  (client credentials of the demo service client)
 *   POST /items   scope demo-api/write
 *   GET  /admin   a user in the group admins
 */
export interface ApiOptions {
  /** The pool's issuer: `http://localhost:9400/us-east-1_DemoPool1` for the demo seed. */
  issuer: string;
  /** Accept only tokens of these app clients (default: any client of the pool). */
  clientIds?: string[];
  jwksUri?: string;
  logger?: boolean;
}

export interface Item {
  id: number;
  name: string;
  createdBy: string;
}

export function buildApi(options: ApiOptions & Partial<VerifierOptions>): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });
  const v = verifier({ ...options, issuer: options.issuer, clientId: options.clientIds, tokenUse: 'access' });
  const items: Item[] = [{ id: 1, name: 'first item', createdBy: 'seed' }];

  app.get('/hello', { preHandler: fastifyAuth(v) }, async (request) => ({
    message: `Hello, ${request.auth!.subject}!`,
    sub: request.auth!.claims.sub,
    client_id: request.auth!.claims.client_id,
    scopes: request.auth!.scopes,
    groups: request.auth!.groups,
  }));

  app.get('/items', { preHandler: fastifyAuth(v, { scopes: ['demo-api/read'] }) }, async () => ({ items }));

  app.post<{ Body: { name?: unknown } }>('/items', { preHandler: fastifyAuth(v, { scopes: ['demo-api/write'] }) }, async (request, reply) => {
    const name = request.body?.name;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) return reply.code(400).send({ error: 'name must be a non-empty string of up to 200 characters' });
    const item: Item = { id: items.length + 1, name, createdBy: request.auth!.subject };
    items.push(item);
    return reply.code(201).send(item);
  });

  app.get('/admin', { preHandler: fastifyAuth(v, { groups: ['admins'] }) }, async (request) => ({
    message: `Welcome, administrator ${request.auth!.subject}.`,
    groups: request.auth!.groups,
  }));

  return app;
}
