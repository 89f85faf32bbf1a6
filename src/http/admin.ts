import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';
import { verifyAdminSignature } from '../api/sigv4.js';
import { CognitoError } from '../core/errors.js';
import { findUnsafeText, isSafeText, unsafeParameter } from '../core/input-hygiene.js';
import type { Services } from '../core/services.js';
import type { AdminGuard } from './host-guard.js';
import { listOutbox } from '../core/outbox/outbox.js';
import { listInvocations } from '../core/trigger/invocations.js';
import { describeCustomSenderKey } from '../core/trigger/custom-sender.js';
import { rotateKeys } from '../core/keys/signing-keys.js';
import { importJobErrors } from '../core/import/jobs.js';
import type { SeedDocument } from '../api/seed.js';
import { applySeed } from '../api/seed.js';

export interface AdminPluginOptions {
  services: Services;
  adminCredentials?: AdminCredentials;
  /** Checks Host, Origin and content type of the open endpoints (no admin credentials). */
  guard?: AdminGuard;
}

/**
 * Cognate's own admin endpoints under `/_cognate/` (outbox, key rotation and the like). They are
 * guarded like the IAM-protected API operations: open by default, SigV4 by the admin credentials
 * when those are configured.
 */
export async function adminPlugin(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  const { services, adminCredentials } = options;

  // Bodies stay raw text until the signature over them is checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.addHook('preHandler', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      if (adminCredentials) verifyAdminSignature(request, adminCredentials, services.clock.now());
      else await options.guard?.check(request, { contentTypes: ['application/json'] });
    } catch (error) {
      return sendAdminError(reply, error);
    }
  });

  // Query values must be single, storable strings (see core/input-hygiene.ts): anything else would reach SQL.
  app.addHook('preHandler', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const repeated = Object.entries(query).find(([, v]) => typeof v !== 'string')?.[0];
    const bad = unsafeParameter(query) ?? (repeated === undefined ? undefined : isSafeText(repeated) && repeated !== '' ? repeated : 'with an unreadable name');
    if (bad) return reply.code(400).send({ __type: 'InvalidParameterException', message: `Query parameter ${bad} must be given once, as text without NUL characters.` });
  });

  app.get('/outbox', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const messages = await listOutbox(services, { poolId: query.pool || undefined, username: query.user || undefined });
    return reply.send({ messages });
  });

  // Lambda trigger invocations of one pool, newest last, their events and answers masked (core/trigger/invocations.ts).
  app.get('/invocations', async (request, reply) => {
    const pool = (request.query as Record<string, string | undefined>).pool;
    if (!pool) return reply.code(400).send({ __type: 'InvalidParameterException', message: 'The pool query parameter is required.' });
    return reply.send({ invocations: await listInvocations(services, pool) });
  });

  // A user import job's row errors, which Cognito would send to CloudWatch Logs (core/import).
  app.get('/import-jobs/:jobId/errors', async (request, reply) => {
    const found = await importJobErrors(services, (request.params as { jobId: string }).jobId);
    if (!found) return reply.code(404).send({ __type: 'ResourceNotFoundException', message: 'Import job does not exist.' });
    return reply.send(found);
  });

  // The key a pool's CustomEmailSender / CustomSMSSender codes are encrypted with (core/trigger/custom-sender.ts).
  app.get('/custom-sender-key', async (request, reply) => {
    const pool = (request.query as Record<string, string | undefined>).pool;
    if (!pool) return reply.code(400).send({ __type: 'InvalidParameterException', message: 'The pool query parameter is required.' });
    try {
      return reply.send(await describeCustomSenderKey(services, pool));
    } catch (error) {
      if (error instanceof CognitoError) return reply.code(400).send({ __type: error.type, message: error.message });
      throw error;
    }
  });

  app.post('/seed', async (request, reply) => {
    let doc: SeedDocument;
    try {
      doc = JSON.parse(typeof request.body === 'string' ? request.body : '') as SeedDocument;
    } catch {
      return reply.code(400).send({ __type: 'SerializationException', message: 'The seed must be a JSON document.' });
    }
    const unsafe = findUnsafeText(doc);
    if (unsafe) return reply.code(400).send({ __type: 'InvalidParameterException', message: `The seed holds a NUL character or an unpaired surrogate at ${unsafe.join('.')}.` });
    try {
      return reply.send(await applySeed(services, doc));
    } catch (error) {
      if (error instanceof CognitoError) return reply.code(400).send({ __type: error.type, message: error.message });
      throw error;
    }
  });

  app.post('/keys/rotate', async (request, reply) => {
    const pool = (request.query as Record<string, string | undefined>).pool;
    if (!pool) return reply.code(400).send({ __type: 'InvalidParameterException', message: 'The pool query parameter is required.' });
    try {
      return reply.send(await rotateKeys(services, pool));
    } catch (error) {
      if (error instanceof CognitoError) return reply.code(400).send({ __type: error.type, message: error.message });
      throw error;
    }
  });
}

function sendAdminError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof CognitoError) {
    return reply.code(error.type === 'SerializationException' ? 400 : 403).header('x-amzn-errortype', error.type).send({ __type: error.type, message: error.message });
  }
  throw error;
}
