import type { FastifyInstance } from 'fastify';
import type { LoginParams, LogoutParams } from '../core/oauth/logout.js';
import { logoutRequest } from '../core/oauth/logout.js';
import { samlSignOutRedirect } from '../core/idp/saml/sign-out.js';
import { readSsoSession } from '../core/oauth/sso-session.js';
import type { Services } from '../core/services.js';
import { errorPageUrl, GENERIC_ERROR } from '../web/error-page.js';
import { contextOf } from '../web/pool-context.js';
import { clearSsoCookie, ssoCookieOf } from '../web/sso-cookie.js';

/** A parsed query: a repeated parameter arrives as an array. */
type Parsed = Record<string, unknown>;

/** A `/logout` query: single, non-empty values only. */
export function readLogoutParams(source: unknown): LogoutParams {
  const query = (source ?? {}) as Parsed;
  const one = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  return {
    clientId: one('client_id'),
    logoutUri: one('logout_uri'),
    redirectUri: one('redirect_uri'),
    responseType: one('response_type'),
    state: one('state'),
    codeChallenge: one('code_challenge'),
    codeChallengeMethod: one('code_challenge_method'),
    nonce: one('nonce'),
    lang: one('lang'),
    scope: one('scope'),
  };
}

/** The query string `/login` is shown with after a sign-out that asks for another sign-in. */
export function loginQuery(login: LoginParams): string {
  const entries: [string, string | undefined][] = [
    ['client_id', login.clientId],
    ['redirect_uri', login.redirectUri],
    ['response_type', login.responseType],
    ['state', login.state],
    ['code_challenge', login.codeChallenge],
    ['code_challenge_method', login.codeChallengeMethod],
    ['nonce', login.nonce],
    ['lang', login.lang],
    ['scope', login.scope],
  ];
  return new URLSearchParams(entries.filter((e): e is [string, string] => e[1] !== undefined)).toString();
}

/** `GET /logout` (cognito-wire.md §1.3) and the domain's `GET /error` page. */
export function logoutRoutes(app: FastifyInstance, services: Services): void {
  app.get('/logout', async (request, reply) => {
    const ctx = contextOf(request);
    reply.header('cache-control', 'no-store');
    // Read before the sign-out ends it: a SAML user's sign-out goes through the IdP first.
    const session = await readSsoSession(services, ctx.pool, ssoCookieOf(request));
    const outcome = await logoutRequest(services, ctx.pool, readLogoutParams(request.query), ssoCookieOf(request));
    const signedOut = async (location: string) => {
      const viaIdp = session ? await samlSignOutRedirect(services, ctx.pool, session.user, location) : undefined;
      return clearSsoCookie(reply, ctx).redirect(viaIdp ?? location, 302);
    };
    switch (outcome.kind) {
      case 'error-page':
        return reply.sendErrorPage({ message: outcome.message });
      case 'redirect-mismatch':
        return reply.redirect(errorPageUrl(ctx, { error: 'redirect_mismatch', client_id: outcome.clientId }), 302);
      case 'signed-out':
        return signedOut(outcome.location);
      case 'sign-in-again':
        return signedOut(`${ctx.base}/login?${loginQuery(outcome.login)}`);
    }
  });

  app.get('/error', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // Only values of the expected shape are shown, so the page cannot be made to say what a phisher wants.
    const text = (name: string, shape: RegExp) => {
      const value = query[name];
      return typeof value === 'string' && shape.test(value) ? value : undefined;
    };
    return reply.sendErrorPage({
      message: GENERIC_ERROR,
      details: { error: text('error', /^[a-z_]{1,64}$/), client_id: text('client_id', /^[\w+]{1,128}$/) },
    });
  });
}
