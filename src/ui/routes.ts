import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../core/services.js';
import { logoOf } from '../core/ui-customization.js';
import { contextOf } from '../oauth/context.js';
import { GENERIC_ERROR } from '../oauth/error-page.js';
import { accountRoutes } from './account-routes.js';
import { errorView } from './error-view.js';
import { messagePage } from './pages.js';
import { frameOf, sendPage } from './request.js';
import type { RouteOptions } from './signin-routes.js';
import { signInRoutes } from './signin-routes.js';
import { HOSTED_CSS, HOSTED_CSS_VERSION } from './styles.js';

/**
 * The hosted UI pages, registered for each pool in both URL forms by the OAuth plugin (ROUTE_SETS).
 * They run in their own encapsulated context: per-IP throttling of every form POST, CSP nonces for
 * the pool's custom CSS, and errors rendered as pages rather than OAuth JSON.
 */

/** Form posts per minute from one IP address, per page; `COGNATE_UI_RATE_LIMIT` changes it (tests use a small one). */
export const DEFAULT_UI_RATE_LIMIT = 30;

export function uiRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.COGNATE_UI_RATE_LIMIT);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_UI_RATE_LIMIT;
}

export const THROTTLED_MESSAGE = 'Too many attempts from your network. Please wait a minute and try again.';

export function hostedUiRoutes(app: FastifyInstance, services: Services): void {
  void app.register(async (ui) => {
    await ui.register(rateLimit, { global: false });
    const options: RouteOptions = {
      page: { helmet: { enableCSPNonces: true } },
      post: { helmet: { enableCSPNonces: true }, config: { rateLimit: { max: uiRateLimit(), timeWindow: 60_000 } } },
    };

    ui.setErrorHandler(async (error, request, reply) => renderFailure(services, error, request, reply));

    ui.get('/ui/hosted.css', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=86400').header('etag', `"${HOSTED_CSS_VERSION}"`).type('text/css; charset=utf-8').send(HOSTED_CSS),
    );

    ui.get('/ui/logo/:clientKey', async (request, reply) => {
      const ctx = contextOf(request);
      const logo = await logoOf(services, ctx.pool.Id, (request.params as { clientKey: string }).clientKey);
      if (!logo) return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found');
      return reply.header('cache-control', 'public, max-age=86400').header('etag', `"${logo.version}"`).type(logo.contentType).send(logo.bytes);
    });

    signInRoutes(ui, services, options);
    accountRoutes(ui, services, options);
  });
}

async function renderFailure(services: Services, error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const status = (error as { statusCode?: number }).statusCode;
  const ctx = contextOf(request);
  const frame = await frameOf(services, ctx, reply).catch(() => ({ base: ctx.base, poolName: '' }));
  if (status === 429) return sendPage(reply, messagePage(frame, 'Too many attempts', THROTTLED_MESSAGE, 'error'), 429);
  if (status !== undefined && status >= 400 && status < 500) return sendPage(reply, errorView(frame, GENERIC_ERROR, { error: 'invalid_request' }), 400);
  request.log.error({ err: error }, 'hosted UI page failed');
  return sendPage(reply, errorView(frame, GENERIC_ERROR, { error: 'server_error' }), 500);
}
