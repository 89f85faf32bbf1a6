import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorizeParams } from '../core/oauth/authorize.js';
import type { AuthorizationRequest } from '../core/oauth/authorize.js';
import { authorizeWithSession, checkAuthorizationRequest } from '../core/oauth/authorize.js';
import { startFederation } from '../core/idp/federation/start.js';
import { UpstreamError } from '../core/idp/federation/upstream-error.js';
import type { IdentityProviderDescription } from '../core/idp/types.js';
import { readSsoSession } from '../core/oauth/sso-session.js';
import type { Services } from '../core/services.js';
import { authorizationRedirect, readAuthorizeParams } from '../web/authorization-wire.js';
import { errorPageUrl } from '../web/error-page.js';
import { contextOf } from '../web/pool-context.js';
import { rawQuery } from '../web/raw-query.js';
import { ssoCookieOf } from '../web/sso-cookie.js';
import { idpResponseUrl, setFederationCookie } from './federation.js';

/**
 * `/oauth2/authorize` (cognito-wire.md §1.1). Cognito documents GET; OIDC Core §3.1.2.1 also asks for
 * POST with the parameters as a form, which costs nothing to serve the same way.
 */
export function authorizeRoutes(app: FastifyInstance, services: Services): void {
  app.get('/oauth2/authorize', async (request, reply) => authorize(services, request, reply, readAuthorizeParams(request.query), rawQuery(request), 302));
  app.post('/oauth2/authorize', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    // After a POST the browser must follow with a GET (303), never repeat the post (RFC 9700 §4.12).
    return authorize(services, request, reply, readAuthorizeParams(form), new URLSearchParams(form).toString(), 303);
  });
}

async function authorize(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  params: AuthorizeParams,
  query: string,
  status: 302 | 303,
): Promise<FastifyReply> {
  const ctx = contextOf(request);
  reply.header('cache-control', 'no-store');
  const check = await checkAuthorizationRequest(services, ctx.pool, params);
  if (check.kind === 'error-page') return reply.redirect(errorPageUrl(ctx, { error: check.error, client_id: check.clientId }), status);
  if (check.kind === 'redirect') return reply.redirect(authorizationRedirect(check.response), status);
  if (check.provider) return reply.redirect(await federationRedirect(services, request, reply, check.provider, check.request, query), status);
  const session = await readSsoSession(services, ctx.pool, ssoCookieOf(request));
  const outcome = await authorizeWithSession(services, ctx.pool, check.client, check.request, session);
  if (outcome.kind === 'redirect') return reply.redirect(authorizationRedirect(outcome.response), status);
  return reply.redirect(`${ctx.base}/login?${query}`, status);
}

/**
 * `identity_provider` or `idp_identifier` named an external provider: straight to it, with the app's
 * request sealed for its answer. A provider that cannot be reached is the app's error, not a page.
 */
async function federationRedirect(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  provider: IdentityProviderDescription,
  authorization: AuthorizationRequest,
  query: string,
): Promise<string> {
  try {
    const started = await startFederation(services, contextOf(request).pool, provider, query, idpResponseUrl(services, request));
    setFederationCookie(reply, contextOf(request), started.requestId);
    return started.url;
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return authorizationRedirect({
      redirectUri: authorization.redirectUri,
      mode: authorization.responseType === 'token' ? 'fragment' : 'query',
      result: { kind: 'error', error: error.error, errorDescription: error.description, state: authorization.state },
    });
  }
}
