import type { FastifyInstance } from 'fastify';
import { usesBasic } from '../core/oauth/client-auth.js';
import { oauthError } from '../core/oauth/errors.js';
import { revokeRequest } from '../core/oauth/revoke.js';
import type { FormParams } from '../core/oauth/token.js';
import { tokenRequest } from '../core/oauth/token.js';
import type { Services } from '../core/services.js';
import { contextOf } from './context.js';
import { allowCors, isForm, noStore, sendOAuthError } from './responses.js';

const notForm = () => oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');

/** `POST /oauth2/token` (cognito-wire.md §1.5) and `POST /oauth2/revoke` (§1.7). */
export function tokenRoutes(app: FastifyInstance, services: Services): void {
  for (const path of ['/oauth2/token', '/oauth2/revoke']) {
    app.options(path, async (_request, reply) => allowCors(reply).code(204).send());
  }

  app.post('/oauth2/token', async (request, reply) => {
    allowCors(noStore(reply));
    const authorization = request.headers.authorization;
    try {
      if (!isForm(request)) throw notForm();
      const ctx = contextOf(request);
      return reply.send(await tokenRequest(services, ctx.pool, { authorization, body: (request.body ?? {}) as FormParams }));
    } catch (error) {
      return sendOAuthError(reply, error, services, usesBasic(authorization));
    }
  });

  app.post('/oauth2/revoke', async (request, reply) => {
    allowCors(noStore(reply));
    const authorization = request.headers.authorization;
    try {
      if (!isForm(request)) throw notForm();
      await revokeRequest(services, contextOf(request).pool, { authorization, body: (request.body ?? {}) as FormParams });
      return reply.code(200).send();
    } catch (error) {
      return sendOAuthError(reply, error, services, usesBasic(authorization));
    }
  });
}
