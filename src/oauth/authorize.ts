import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthorizeParams } from '../core/oauth-authorize.js';
import { authorizeWithSession, checkAuthorizationRequest } from '../core/oauth-authorize.js';
import { readSsoSession } from '../core/oauth-session.js';
import type { Services } from '../core/services.js';
import { contextOf } from './context.js';
import { errorPageUrl } from './error-page.js';
import { ssoCookieOf } from './sso-cookie.js';

/** The query string exactly as the browser sent it, for passing on to /login unchanged. */
export const rawQuery = (request: FastifyRequest): string => {
  const url = request.raw.url ?? '';
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
};

/** `GET /oauth2/authorize` (cognito-wire.md §1.1). */
export function authorizeRoutes(app: FastifyInstance, services: Services): void {
  app.get('/oauth2/authorize', async (request, reply) => {
    const ctx = contextOf(request);
    reply.header('cache-control', 'no-store');
    const check = await checkAuthorizationRequest(services, ctx.pool, request.query as AuthorizeParams);
    if (check.kind === 'error-page') return reply.redirect(errorPageUrl(ctx, { error: check.error, client_id: check.clientId }), 302);
    if (check.kind === 'redirect') return reply.redirect(check.location, 302);
    const session = await readSsoSession(services, ctx.pool, ssoCookieOf(request));
    const outcome = await authorizeWithSession(services, ctx.pool, check.client, check.request, session);
    if (outcome.kind === 'redirect') return reply.redirect(outcome.location, 302);
    return reply.redirect(`${ctx.base}/login?${rawQuery(request)}`, 302);
  });
}
