import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { oauthError } from '../core/oauth/errors.js';
import type { Services } from '../core/services.js';
import { hostedUiRoutes } from '../ui/routes.js';
import { authorizeRoutes } from './authorize.js';
import type { PoolContext } from './context.js';
import { hostContext, isSecure, pathContext, setContext } from './context.js';
import { dropUnsafeCookies, rejectUnsafeInput, unsafeBasicCredentials, unsafeInputOf } from './input-guard.js';
import { logoutRoutes } from './logout.js';
import { sendOAuthError } from './responses.js';
import { tokenRoutes } from './token.js';
import { userInfoRoutes } from './userinfo.js';
import { wellKnownRoutes } from './well-known.js';

export interface OAuthPluginOptions {
  services: Services;
}

/**
 * The route sets served for every pool, in both URL forms. The hosted sign-in pages add theirs here
 * (`/login` and friends), and get the pool from `contextOf(request)`.
 */
export const ROUTE_SETS: ((app: FastifyInstance, services: Services) => void)[] = [
  wellKnownRoutes,
  authorizeRoutes,
  tokenRoutes,
  userInfoRoutes,
  logoutRoutes,
  hostedUiRoutes,
];

/**
 * The hosted UI's OAuth 2.0 / OIDC endpoints, registered twice with one handler per endpoint:
 * under `/<poolId>` on any host (what discovery advertises), and at the root for a request whose
 * Host is a pool's domain. The Cognito JSON API keeps `POST /` for every host.
 */
export async function oauthPlugin(app: FastifyInstance, options: OAuthPluginOptions): Promise<void> {
  const { services } = options;
  await app.register(poolEndpoints, {
    prefix: '/:poolId',
    services,
    resolve: (request) => pathContext(services, (request.params as { poolId: string }).poolId),
  });
  await app.register(poolEndpoints, { services, resolve: (request) => hostContext(services, request.headers.host) });
}

interface PoolEndpointsOptions {
  services: Services;
  resolve: (request: FastifyRequest) => Promise<PoolContext | undefined>;
}

async function poolEndpoints(app: FastifyInstance, options: PoolEndpointsOptions): Promise<void> {
  const { services } = options;

  await app.register(helmet, {
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
  app.addHook('onRequest', async (_request, reply) => {
    if (isSecure(services)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.addHook('onRequest', async (request, reply) => {
    const ctx = await options.resolve(request);
    if (!ctx) return reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', error_description: 'No user pool is served here.' });
    setContext(request, ctx);
    dropUnsafeCookies(request);
    const unsafe = unsafeInputOf(request.query) ?? unsafeInputOf(request.params) ?? (unsafeBasicCredentials(request.headers.authorization) ? 'authorization' : undefined);
    if (unsafe) return rejectUnsafeInput(request, reply, unsafe, services);
  });
  // Bodies are parsed after onRequest.
  app.addHook('preValidation', async (request, reply) => {
    const unsafe = unsafeInputOf(request.body);
    if (unsafe) return rejectUnsafeInput(request, reply, unsafe, services);
  });

  // Unreadable bodies, wrong content types and the like: the request's fault, in OAuth's words.
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return sendOAuthError(reply, oauthError('invalid_request', 'The request could not be read.'), services);
    return sendOAuthError(reply, error, services);
  });

  for (const routes of ROUTE_SETS) routes(app, services);
}
