import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { apiPlugin } from '../api/plugin.js';
import type { AdminCredentials } from '../api/sigv4.js';
import type { Services } from '../core/services.js';
import { adminPlugin } from './admin.js';
import { endRequestsWhoseClientIsGone } from './client-gone.js';
import { importUploadPlugin } from './import-upload.js';
import { registerHealth } from './health.js';
import { adminGuard, isAllowedHost } from './host-guard.js';
import { consolePlugin } from '../console/plugin.js';
import { hostContext } from './pool-resolution.js';
import { REDACTED_LOG_PATHS, redactUrl, serializeRequest } from './log-redaction.js';
import { poolEndpoints } from './pool-endpoints.js';
import { standInPlugin } from '../stand-in/plugin.js';

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
  const app = Fastify({
    // Tokens, codes and secrets in query strings never reach the log, nor do cookies and Authorization.
    logger: { level: logLevel, serializers: { req: serializeRequest }, redact: REDACTED_LOG_PATHS, ...(logStream ? { stream: logStream } : {}) },
    trustProxy: false,
    // Cognito bodies are small; anything larger is a mistake or an attack.
    bodyLimit: 1024 * 1024,
  });
  endRequestsWhoseClientIsGone(app);
  return app;
}

export async function registerRoutes(app: FastifyInstance, services: Services, options: AppOptions): Promise<void> {
  registerHealth(app, services);
  // Fastify's own 404 logs and echoes the raw URL, query tokens included.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ message: `Route ${request.method}:${redactUrl(request.url)} not found`, error: 'Not Found', statusCode: 404 }),
  );
  const guard = adminGuard({ services, allowedHosts: options.allowedHosts });
  await app.register(adminPlugin, { prefix: '/_cognate', services, adminCredentials: options.adminCredentials, guard });
  // The social stand-in is a third party the browser visits, not an admin endpoint: outside the admin guard.
  await app.register(standInPlugin, {
    prefix: '/_cognate/social',
    store: services.store,
    sealer: services.sealer,
    now: () => services.clock.now(),
    publicUrl: () => services.settings.publicUrl,
  });
  // A user import job's pre-signed upload URL: its token is the credential, as an S3 pre-signed URL's is.
  await app.register(importUploadPlugin, { prefix: '/_cognate/import-uploads', services });
  // Which pool a pool endpoint serves; resolved per request by pool-endpoints.ts.
  app.decorateRequest('poolContext', null);
  await app.register(poolEndpoints, { services });
  await app.register(apiPlugin, { services, adminCredentials: options.adminCredentials, openAdminGuard: (request, rule) => guard.check(request, rule) });
  // The admin console and the start page `/` (src/console): open to this server's own names, or behind the admin credentials.
  await app.register(consolePlugin, {
    services,
    adminCredentials: options.adminCredentials,
    hostAllowed: (request) => isAllowedHost(services, options.allowedHosts ?? [], request.headers.host),
    poolOfHost: async (host) => {
      const ctx = await hostContext(services, host);
      return ctx ? { poolId: ctx.pool.Id, poolName: ctx.pool.Name } : undefined;
    },
  });
}
