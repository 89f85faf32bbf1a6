import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { apiPlugin } from '../api/plugin.js';
import type { AdminCredentials } from '../api/sigv4.js';
import type { Services } from '../core/services.js';
import { adminPlugin } from './admin.js';
import { oauthPlugin } from '../oauth/plugin.js';

export interface AppOptions {
  adminCredentials?: AdminCredentials;
  logLevel?: string;
}

/**
 * The whole server as one Fastify instance; each adapter is its own encapsulated plugin, so
 * content-type parsers, hooks and error rendering never leak from one protocol into another.
 */
export function createFastify(logLevel = 'info'): FastifyInstance {
  return Fastify({
    logger: { level: logLevel },
    trustProxy: false,
    // Cognito bodies are small; anything larger is a mistake or an attack.
    bodyLimit: 1024 * 1024,
  });
}

export async function registerRoutes(app: FastifyInstance, services: Services, options: AppOptions): Promise<void> {
  app.get('/health', async () => ({ status: 'ok', storage: services.store.engine }));
  await app.register(adminPlugin, { prefix: '/_cognate', services, adminCredentials: options.adminCredentials });
  await app.register(oauthPlugin, { services });
  await app.register(apiPlugin, { services, adminCredentials: options.adminCredentials });
}
