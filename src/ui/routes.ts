import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../core/services.js';
import { DEFAULT_UI_RATE_LIMIT, reserveUiPost } from '../core/oauth/ui-throttle.js';
import { logoOf } from '../core/pool/ui-customization.js';
import { GENERIC_ERROR } from '../web/error-page.js';
import { contextOf } from '../web/pool-context.js';
import { accountRoutes } from './account-routes.js';
import { brandingRoutes } from './branding-routes.js';
import { passkeysAddRoutes } from './passkeys-add-routes.js';
import type { CheckSelfServiceInput } from './self-service-input.js';
import { errorView } from './error-view.js';
import { messagePage } from './pages.js';
import { passwordlessRoutes } from './passwordless-routes.js';
import { formValue, frameOf, sendPage } from './request.js';
import type { RouteOptions } from './signin-routes.js';
import { signInCookieOf } from './signin-cookie.js';
import { signInRoutes } from './signin-routes.js';
import { HOSTED_CSS, HOSTED_CSS_VERSION } from './styles.js';

/**
 * The hosted UI pages of a pool, mounted by http once per URL form beside the OAuth endpoints, in a
 * scope that has already found the pool (`contextOf(request)`), parsed cookies and forms and checked
 * the input. Here: throttling of every form POST per IP address and user (core/oauth/ui-throttle.ts),
 * CSP nonces for the pool's custom CSS, and errors rendered as pages rather than OAuth JSON.
 */

export interface HostedUiOptions {
  services: Services;
  /** The API's validation of the self-service operations' input (see self-service-input.ts). */
  checkInput: CheckSelfServiceInput;
}

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

declare module 'fastify' {
  interface FastifyRequest {
    /** Gives a throttled post's count back when its step succeeds; set by `throttle`. */
    uiThrottleRefund: (() => Promise<void>) | null;
  }
}

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
    if (!ALWAYS_COUNTED.some((path) => route.endsWith(path))) request.uiThrottleRefund = reservation.refund;
  };
}

/** A step that succeeded (every successful post answers 303) gives its count back, before the answer goes out. */
async function settle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const refund = request.uiThrottleRefund;
  if (refund && reply.statusCode === 303) await refund();
}

export async function hostedUiPlugin(ui: FastifyInstance, { services, checkInput }: HostedUiOptions): Promise<void> {
  ui.decorateRequest('uiThrottleRefund', null);
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

  brandingRoutes(ui, services);
  signInRoutes(ui, services, options);
  passwordlessRoutes(ui, services, options);
  accountRoutes(ui, services, options, checkInput);
  passkeysAddRoutes(ui, services, options);
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
