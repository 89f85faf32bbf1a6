import type { FastifyInstance } from 'fastify';
import type { AuthorizeParams } from '../core/oauth/authorize.js';
import { logoutRequest } from '../core/oauth/logout.js';
import type { Services } from '../core/services.js';
import { contextOf } from './context.js';
import { errorPageUrl, GENERIC_ERROR, sendErrorPage } from './error-page.js';
import { clearSsoCookie, ssoCookieOf } from './sso-cookie.js';

/** `GET /logout` (cognito-wire.md §1.3) and the domain's `GET /error` page. */
export function logoutRoutes(app: FastifyInstance, services: Services): void {
  app.get('/logout', async (request, reply) => {
    const ctx = contextOf(request);
    reply.header('cache-control', 'no-store');
    const outcome = await logoutRequest(services, ctx.pool, request.query as AuthorizeParams, ssoCookieOf(request));
    switch (outcome.kind) {
      case 'error-page':
        return sendErrorPage(reply, { message: outcome.message });
      case 'redirect-mismatch':
        return reply.redirect(errorPageUrl(ctx, { error: 'redirect_mismatch', client_id: outcome.clientId }), 302);
      case 'signed-out':
        return clearSsoCookie(reply, ctx).redirect(outcome.location, 302);
      case 'sign-in-again':
        return clearSsoCookie(reply, ctx).redirect(`${ctx.base}/login?${outcome.query.toString()}`, 302);
    }
  });

  app.get('/error', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // Only values of the expected shape are shown, so the page cannot be made to say what a phisher wants.
    const text = (name: string, shape: RegExp) => {
      const value = query[name];
      return typeof value === 'string' && shape.test(value) ? value : undefined;
    };
    return sendErrorPage(reply, {
      message: GENERIC_ERROR,
      details: { error: text('error', /^[a-z_]{1,64}$/), client_id: text('client_id', /^[\w+]{1,128}$/) },
    });
  });
}
