import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserPoolClient } from '../core/client/clients.js';
import type { RequestOrigin } from '../core/events/origin.js';
import { CognitoError } from '../core/errors.js';
import type { AuthorizationRequest } from '../core/oauth/authorize.js';
import { checkAuthorizationRequest } from '../core/oauth/authorize.js';
import type { Services } from '../core/services.js';
import { pageBranding } from '../core/pool/ui-customization.js';
import { clientPageStyle } from '../core/branding/page-style.js';
import { authorizationRedirect, readAuthorizeParams } from '../web/authorization-wire.js';
import { GENERIC_ERROR } from '../web/error-page.js';
import { managedLoginVersion } from '../web/managed-login-version.js';
import type { PoolContext } from '../web/pool-context.js';
import { contextOf } from '../web/pool-context.js';
import { rawQuery } from '../web/raw-query.js';
import { isCrossOriginBrowserRequest } from '../web/request-origin.js';
import { csrfToken, csrfValid } from './csrf.js';
import { errorView } from './error-view.js';
import type { Html } from './html.js';
import type { Frame } from './layout.js';
import { messagePage } from './pages.js';

/** The hosted pages' names under the pool's base (Cognito's paths, `confirmforgotPassword` in its spelling). */
export type PageName =
  | 'login'
  | 'newPassword'
  | 'mfa'
  | 'selectMfa'
  | 'mfaSetup'
  | 'signup'
  | 'confirm'
  | 'resendCode'
  | 'forgotPassword'
  | 'confirmforgotPassword'
  // Managed login's choice-based sign-in (passwordless-routes.ts).
  | 'selectChallenge'
  | 'passwordlessCode'
  | 'passkeySignIn';

/** A page request whose authorize parameters checked out: the pool, the client and what to send back to it. */
export interface PageRequest {
  ctx: PoolContext;
  client: UserPoolClient;
  authorization: AuthorizationRequest;
  /** The authorize parameters as the browser sent them, without the page's own (`username`). */
  query: string;
  /** The `username` a sign-up or password-reset page carries in its query. */
  username?: string;
  frame: Frame;
  /** Where the browser's request came from, for the auth events of its sign-in. */
  origin: RequestOrigin;
}

const PAGE_PARAMS = ['username'];

/** The query string without the page's own parameters, kept as sent when it has none. */
function authorizeQuery(raw: string): string {
  const params = new URLSearchParams(raw);
  if (!PAGE_PARAMS.some((p) => params.has(p))) return raw;
  for (const p of PAGE_PARAMS) params.delete(p);
  return params.toString();
}

export function pageUrl(ctx: PoolContext, name: PageName, query: string, extra: Record<string, string> = {}): string {
  const more = new URLSearchParams(extra).toString();
  const q = [query, more].filter((s) => s !== '').join('&');
  return `${ctx.base}/${name}${q ? `?${q}` : ''}`;
}

export async function frameOf(services: Services, ctx: PoolContext, reply: FastifyReply, clientId?: string): Promise<Frame> {
  // Managed login ignores the classic UI customization, as Cognito does.
  if ((await managedLoginVersion(services, reply.request)) === 2) {
    const style = await clientPageStyle(services, ctx.pool.Id, clientId);
    return { base: ctx.base, poolName: ctx.pool.Name ?? '', managedLogin: { ...(style.brandingId ? { brandingId: style.brandingId } : {}), version: style.version, assets: style.assets } };
  }
  const branding = clientId ? await pageBranding(services, ctx.pool.Id, clientId) : undefined;
  return {
    base: ctx.base,
    poolName: ctx.pool.Name ?? '',
    ...(branding ? { branding } : {}),
    ...(reply.cspNonce?.style ? { styleNonce: reply.cspNonce.style } : {}),
  };
}

export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.toString());
}

/** Only values of the expected shape are shown on the error page, so it cannot be made to say what a phisher wants. */
const shown = (value: unknown, shape: RegExp): string | undefined => (typeof value === 'string' && shape.test(value) ? value : undefined);

export async function sendErrorView(services: Services, ctx: PoolContext, reply: FastifyReply, details: Record<string, string | undefined>, status = 400): Promise<FastifyReply> {
  return sendPage(reply, errorView(await frameOf(services, ctx, reply), GENERIC_ERROR, details), status);
}

/**
 * Checks the page's authorize parameters as `/oauth2/authorize` does. An untrusted client or redirect
 * URI gets the error page (never a redirect); other errors go back to the client's redirect URI.
 * Returns undefined when the reply has been sent.
 */
export async function pageRequest(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<PageRequest | undefined> {
  const ctx = contextOf(request);
  reply.header('cache-control', 'no-store');
  const check = await checkAuthorizationRequest(services, ctx.pool, readAuthorizeParams(request.query));
  if (check.kind === 'error-page') {
    await sendErrorView(services, ctx, reply, { error: check.error, client_id: shown(check.clientId, /^[\w+]{1,128}$/) });
    return undefined;
  }
  if (check.kind === 'redirect') {
    await reply.redirect(authorizationRedirect(check.response), request.method === 'POST' ? 303 : 302);
    return undefined;
  }
  const named = (request.query as Record<string, unknown>).username;
  const username = typeof named === 'string' && named !== '' ? named : undefined;
  return {
    ctx,
    client: check.client,
    authorization: check.request,
    query: authorizeQuery(rawQuery(request)),
    ...(username !== undefined ? { username } : {}),
    frame: await frameOf(services, ctx, reply, check.client.ClientId),
    origin: { ip: request.ip, ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}) },
  };
}

export type FormBody = Record<string, unknown>;

/** A single form value; repeated or missing fields count as absent. */
export function formValue(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as FormBody)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The CSRF token for the page about to be rendered (set as a cookie when the browser has none). */
export const csrfFor = (request: FastifyRequest, reply: FastifyReply, ctx: PoolContext): string => csrfToken(request, reply, ctx);

/**
 * A POST whose `_csrf` does not match the cookie, or that a browser says comes from a page of another
 * origin (Sec-Fetch-Site, Origin), is refused with a page that leads back to the form. Tools that are
 * not browsers send neither header. Returns false when the reply has been sent.
 */
export async function checkCsrf(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const crossOrigin = isCrossOriginBrowserRequest(request, services.settings.publicUrl, { allowNullOrigin: true });
  if (!crossOrigin && csrfValid(request, formValue(request.body, '_csrf'))) return true;
  const ctx = contextOf(request);
  const frame = await frameOf(services, ctx, reply);
  sendPage(reply, messagePage(frame, 'Please try again', 'This form has expired or did not come from this site. Go back, reload the page and try again.', 'error'), 403);
  return false;
}

/** The message of a Cognito error, for the page; anything else is rethrown. */
export function cognitoMessage(error: unknown): string {
  if (error instanceof CognitoError) return error.message;
  throw error;
}
