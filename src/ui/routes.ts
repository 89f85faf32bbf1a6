import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../core/services.js';
import { DEFAULT_UI_RATE_LIMIT, reserveUiPost } from '../core/oauth/ui-throttle.js';
import { logoOf } from '../core/pool/ui-customization.js';
import { contextOf } from '../oauth/context.js';
import { GENERIC_ERROR } from '../oauth/error-page.js';
import { accountRoutes } from './account-routes.js';
import { errorView } from './error-view.js';
import { messagePage } from './pages.js';
import { formValue, frameOf, sendPage } from './request.js';
import type { RouteOptions } from './signin-routes.js';
import { signInCookieOf } from './signin-cookie.js';
import { signInRoutes } from './signin-routes.js';
import { HOSTED_CSS, HOSTED_CSS_VERSION } from './styles.js';

/**
 * The hosted UI pages, registered for each pool in both URL forms by the OAuth plugin (ROUTE_SETS).
 * They run in their own encapsulated context: throttling of every form POST per IP address and user
 * (core/oauth/ui-throttle.ts), CSP nonces for the pool's custom CSS, and errors rendered as pages rather
 * than OAuth JSON.
 */

export const THROTTLED_MESSAGE = 'Too many attempts from your network. Please wait a minute and try again.';

/** Posts whose success sends a message or creates an account: they count against the per-user budget even when they succeed. */
const ALWAYS_COUNTED = ['/signup', '/resendCode', '/forgotPassword'];

/** The user a post is about: the username the form or the page names, else the sign-in in progress. */
function subjectOf(request: FastifyRequest): string {
  const named = formValue(request.body, 'username') ?? (request.query as Record<string, unknown>).username;
  if (typeof named === 'string' && named.trim() !== '') return `user:${named.trim()}`;
  const signIn = signInCookieOf(request);
  return signIn ? `signin:${signIn}` : '';
}

const refunds = new WeakMap<FastifyRequest, () => Promise<void>>();

/** Counts the post before its form is judged; over either limit it answers 429 without judging it. */
function throttle(services: Services) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const limits = services.settings.uiRateLimit ?? DEFAULT_UI_RATE_LIMIT;
    const reservation = await reserveUiPost(services, limits, { poolId: contextOf(request).pool.Id, ip: request.ip, subject: subjectOf(request) });
    if (!reservation.allowed) {
      reply.header('retry-after', String(reservation.retryAfterSeconds));
      throw Object.assign(new Error('throttled'), { statusCode: 429 });
    }
    const route = request.routeOptions.url ?? '';
    if (!ALWAYS_COUNTED.some((path) => route.endsWith(path))) refunds.set(request, reservation.refund);
  };
}

/** A step that succeeded (every successful post answers 303) gives its count back, before the answer goes out. */
async function settle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const refund = refunds.get(request);
  if (refund && reply.statusCode === 303) await refund();
}

export function hostedUiRoutes(app: FastifyInstance, services: Services): void {
  void app.register(async (ui) => {
    const options: RouteOptions = {
      page: { helmet: { enableCSPNonces: true } },
      post: {
        helmet: { enableCSPNonces: true },
        preHandler: throttle(services),
        onSend: async (request, reply, payload) => {
          await settle(request, reply);
          return payload;
        },
      },
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
