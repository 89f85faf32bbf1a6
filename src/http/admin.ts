import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';
import { verifyAdminSignature } from '../api/sigv4.js';
import { CognitoError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { listOutbox } from '../core/outbox.js';

export interface AdminPluginOptions {
  services: Services;
  adminCredentials?: AdminCredentials;
}

/**
 * Cognate's own admin endpoints under `/_cognate/` (outbox, key rotation and the like). They are
 * guarded like the IAM-protected API operations: open by default, SigV4 by the admin credentials
 * when those are configured.
 */
export async function adminPlugin(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  const { services, adminCredentials } = options;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!adminCredentials) return;
    try {
      verifyAdminSignature(request, adminCredentials, services.clock.now());
    } catch (error) {
      return sendAdminError(reply, error);
    }
  });

  app.get('/outbox', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const messages = await listOutbox(services, { poolId: query.pool || undefined, username: query.user || undefined });
    return reply.send({ messages });
  });
}

function sendAdminError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof CognitoError) {
    return reply.code(403).header('x-amzn-errortype', error.type).send({ __type: error.type, message: error.message });
  }
  throw error;
}
