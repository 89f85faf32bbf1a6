import type { FastifyRequest } from 'fastify';

/** The query string exactly as the browser sent it, for passing on from /oauth2/authorize to /login and between pages unchanged. */
export const rawQuery = (request: FastifyRequest): string => {
  const url = request.raw.url ?? '';
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
};
