import type { FastifyReply } from 'fastify';
import { errorView } from '../ui/error-view.js';
import type { PoolContext } from './context.js';

/**
 * The domain's error page (`/error`), rendered by the hosted UI's escaping templates. It never links
 * anywhere the request chose.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

export interface ErrorPage {
  /** The sentence Cognito shows. */
  message: string;
  /** Shown below as "name: value" lines, e.g. the error code and client id. */
  details?: Record<string, string | undefined>;
}

/**
 * The hosted UI's styled page. Its stylesheet is linked relative to the page (`ui/hosted.css`),
 * which resolves under the pool's base for every page served at `<base>/<name>`.
 */
export function renderErrorPage(page: ErrorPage): string {
  return errorView({ base: '.', poolName: '' }, page.message, page.details).toString();
}

export const GENERIC_ERROR = 'An error was encountered with the requested page';

export function sendErrorPage(reply: FastifyReply, page: ErrorPage): FastifyReply {
  return reply.code(400).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(renderErrorPage(page));
}

/** `/error?error=...&client_id=...` on the request's own host and form. */
export function errorPageUrl(ctx: PoolContext, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return `${ctx.base}/error?${query.toString()}`;
}
