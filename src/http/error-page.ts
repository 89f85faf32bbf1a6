import type { FastifyReply } from 'fastify';
import { errorView } from '../ui/error-view.js';
import type { ErrorPage } from '../web/error-page.js';

/**
 * The domain's error page behind `reply.sendErrorPage` (web/error-page.ts), drawn with the hosted
 * UI's escaping templates; the OAuth endpoints and the input guard use it without importing ui.
 * Its stylesheet is linked relative to the page (`ui/hosted.css`), which resolves under the pool's
 * base for every page served at `<base>/<name>`.
 */
export function sendErrorPage(this: FastifyReply, page: ErrorPage): FastifyReply {
  const body = errorView({ base: '.', poolName: '' }, page.message, page.details).toString();
  return this.code(400).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}
