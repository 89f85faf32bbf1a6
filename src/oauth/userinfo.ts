import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../core/oauth/errors.js';
import { userInfo } from '../core/oauth/userinfo.js';
import type { Services } from '../core/services.js';
import { contextOf } from '../web/pool-context.js';
import { allowCors, isForm } from './responses.js';

const BAD_REQUEST = 'Bad OAuth2 request at UserInfo Endpoint';

/** RFC 6750 §2: the token in the Authorization header, or (POST) in a form body; never both. */
function bearerToken(request: FastifyRequest): string | undefined | null {
  const header = request.headers.authorization;
  const fromHeader = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  const body = request.method === 'POST' && isForm(request) ? (request.body as Record<string, unknown> | undefined) : undefined;
  const fromBody = typeof body?.access_token === 'string' && body.access_token !== '' ? body.access_token : undefined;
  if ((header && !fromHeader) || (fromHeader && fromBody)) return null;
  return fromHeader ?? fromBody;
}

function challenge(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  // Cognito sends `error=..., error_description=...`; RFC 6750 puts the scheme first, which clients parse.
  return reply
    .code(status)
    .header('www-authenticate', `Bearer error="${error}", error_description="${description}"`)
    .send({ error, error_description: description });
}

/** `GET|POST /oauth2/userInfo` (cognito-wire.md §1.6). */
export function userInfoRoutes(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    allowCors(reply).header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate').header('pragma', 'no-cache');
    const token = bearerToken(request);
    if (!token) return challenge(reply, 400, 'invalid_request', BAD_REQUEST);
    try {
      return reply.send(await userInfo(services, contextOf(request).pool, token));
    } catch (error) {
      if (error instanceof OAuthError) return challenge(reply, 401, 'invalid_token', error.description ?? error.error);
      throw error;
    }
  };
  app.get('/oauth2/userInfo', handler);
  app.post('/oauth2/userInfo', handler);
  app.options('/oauth2/userInfo', async (_request, reply) => allowCors(reply).code(204).send());
}
