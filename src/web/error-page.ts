import type { PoolContext } from './pool-context.js';

/**
 * The domain's error page (`/error`): what oauth and ui may show on it. http renders it (with the
 * hosted UI's escaping templates) behind `reply.sendErrorPage`, so neither adapter needs the other.
 * It never links anywhere the request chose.
 */
export interface ErrorPage {
  /** The sentence Cognito shows. */
  message: string;
  /** Shown below as "name: value" lines, e.g. the error code and client id. */
  details?: Record<string, string | undefined>;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Answers 400 with the error page; decorated by http's pool endpoints. */
    sendErrorPage(page: ErrorPage): FastifyReply;
  }
}

export const GENERIC_ERROR = 'An error was encountered with the requested page';

/** `/error?error=...&client_id=...` on the request's own host and form. */
export function errorPageUrl(ctx: PoolContext, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return `${ctx.base}/error?${query.toString()}`;
}
