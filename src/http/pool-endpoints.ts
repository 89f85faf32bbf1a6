import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../core/services.js';
import { oauthErrorHandler, oauthPlugin } from '../oauth/plugin.js';
import { hostedUiPlugin } from '../ui/routes.js';
import type { PoolContext } from '../web/pool-context.js';
import { isSecure } from '../web/pool-context.js';
import { sendErrorPage } from './error-page.js';
import { dropUnsafeCookies, rejectUnsafeInput, unsafeBasicCredentials, unsafeInputOf } from './input-guard.js';
import { hostContext, pathContext } from './pool-resolution.js';
import { checkSelfServiceInput } from './self-service-input.js';
import { securityHeaders } from './security-headers.js';

/**
 * A pool's browser-facing endpoints: the OAuth 2.0 / OIDC endpoints (oauth) and the hosted pages (ui),
 * mounted side by side, twice: under `/<poolId>` on any host (what discovery advertises), and at the
 * root for a request whose Host is a pool's domain. The Cognito JSON API keeps `POST /` for every host.
 *
 * What both adapters share is set up here, once per scope: security headers, cookies, form parsing,
 * the pool (`request.poolContext`), the entry check of every input, and the error page.
 */
export async function poolEndpoints(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;
  await app.register(poolScope, {
    prefix: '/:poolId',
    services,
    resolve: (request) => pathContext(services, (request.params as { poolId: string }).poolId),
  });
  await app.register(poolScope, { services, resolve: (request) => hostContext(services, request.headers.host) });
}

interface PoolScopeOptions {
  services: Services;
  resolve: (request: FastifyRequest) => Promise<PoolContext | undefined>;
}

async function poolScope(app: FastifyInstance, options: PoolScopeOptions): Promise<void> {
  const { services } = options;

  securityHeaders(app, {
    // Nothing here loads third-party resources or may be framed (RFC 9700 §4.16, §4.2.4).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Set per request below: the public URL is only known once the server listens.
    strictTransportSecurity: false,
    // Discovery and JWKS are read from other origins.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  // Browsers ignore HSTS over http; sending it there would only confuse.
  // A callback hook, as it awaits nothing: an async one costs every request a promise and a turn of the microtask queue.
  app.addHook('onRequest', (_request, reply, done) => {
    if (isSecure(services)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    done();
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  app.decorateReply('sendErrorPage', sendErrorPage);

  app.addHook('onRequest', async (request, reply) => {
    const ctx = await options.resolve(request);
    if (!ctx) return reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', error_description: 'No user pool is served here.' });
    request.poolContext = ctx;
    dropUnsafeCookies(request);
    const unsafe = unsafeInputOf(request.query) ?? unsafeInputOf(request.params) ?? (unsafeBasicCredentials(request.headers.authorization) ? 'authorization' : undefined);
    if (unsafe) return rejectUnsafeInput(request, reply, unsafe, services);
  });
  // Bodies are parsed after onRequest.
  app.addHook('preValidation', async (request, reply) => {
    const unsafe = unsafeInputOf(request.body);
    if (unsafe) return rejectUnsafeInput(request, reply, unsafe, services);
  });
  // Each adapter renders its own errors; this covers what fails before a route of either is chosen.
  app.setErrorHandler(oauthErrorHandler(services));

  await app.register(oauthPlugin, { services });
  await app.register(hostedUiPlugin, { services, checkInput: checkSelfServiceInput });
}
