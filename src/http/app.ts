import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { apiPlugin } from '../api/plugin.js';
import type { AdminCredentials } from '../api/sigv4.js';
import type { Services } from '../core/services.js';
import { adminPlugin } from './admin.js';
import { registerHealth } from './health.js';
import { adminGuard } from './host-guard.js';
import { REDACTED_LOG_PATHS, redactUrl, serializeRequest } from './log-redaction.js';
import { poolEndpoints } from './pool-endpoints.js';

export interface AppOptions {
  adminCredentials?: AdminCredentials;
  logLevel?: string;
  /** `--allowed-hosts`: more Host names the open admin surface answers to. */
  allowedHosts?: readonly string[];
}

/** Where log lines go instead of stdout (tests read them). */
export interface LogStream {
  write(line: string): void;
}

/**
 * The whole server as one Fastify instance. http composes the adapters: the Cognito API (api), and
 * per pool the OAuth endpoints (oauth) beside the hosted pages (ui); each is its own encapsulated
 * plugin, so content-type parsers, hooks and error rendering never leak from one protocol into another.
 */

export function createFastify(logLevel = 'info', logStream?: LogStream): FastifyInstance {
  return Fastify({
    // Tokens, codes and secrets in query strings never reach the log, nor do cookies and Authorization.
    logger: { level: logLevel, serializers: { req: serializeRequest }, redact: REDACTED_LOG_PATHS, ...(logStream ? { stream: logStream } : {}) },
    trustProxy: false,
    // Cognito bodies are small; anything larger is a mistake or an attack.
    bodyLimit: 1024 * 1024,
  });
}

export async function registerRoutes(app: FastifyInstance, services: Services, options: AppOptions): Promise<void> {
  registerHealth(app, services);
  // Fastify's own 404 logs and echoes the raw URL, query tokens included.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ message: `Route ${request.method}:${redactUrl(request.url)} not found`, error: 'Not Found', statusCode: 404 }),
  );
  const guard = adminGuard({ services, allowedHosts: options.allowedHosts });
  await app.register(adminPlugin, { prefix: '/_cognate', services, adminCredentials: options.adminCredentials, guard });
  // Which pool a pool endpoint serves; resolved per request by pool-endpoints.ts.
  app.decorateRequest('poolContext', null);
  await app.register(poolEndpoints, { services });
  await app.register(apiPlugin, { services, adminCredentials: options.adminCredentials, openAdminGuard: (request, rule) => guard.check(request, rule) });
}
