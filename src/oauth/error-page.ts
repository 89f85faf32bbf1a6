import type { FastifyReply } from 'fastify';
import type { PoolContext } from './context.js';

/**
 * The domain's error page (`/error`). A minimal, escaped page for now; the hosted UI replaces
 * `renderErrorPage` with its own template. It never links anywhere the request chose.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

export interface ErrorPage {
  /** The sentence Cognito shows. */
  message: string;
  /** Shown below as "name: value" lines, e.g. the error code and client id. */
  details?: Record<string, string | undefined>;
}

export function renderErrorPage(page: ErrorPage): string {
  const details = Object.entries(page.details ?? {})
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `<li>${escapeHtml(k)}: ${escapeHtml(v)}</li>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Error</title></head><body>',
    `<h1>${escapeHtml(page.message)}</h1>`,
    details ? `<ul>${details}</ul>` : '',
    '</body></html>',
  ].join('');
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
