import type { FastifyInstance } from 'fastify';
import { uploadImportCsv } from '../core/import/jobs.js';
import type { Services } from '../core/services.js';

/** A 100,000-user file runs to tens of megabytes; the limit leaves room for wide custom attributes. */
const MAX_CSV_BYTES = 256 * 1024 * 1024;

/**
 * The pre-signed URL of a user import job (CreateUserImportJob's PreSignedUrl): `PUT` the CSV file,
 * as to S3. The URL's token is the credential, so the route sits outside the admin guard; a wrong,
 * spent or expired URL gets S3's bare 403.
 */
export async function importUploadPlugin(app: FastifyInstance, options: { services: Services }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body));
  app.put('/:jobId', { bodyLimit: MAX_CSV_BYTES }, async (request, reply) => {
    const { jobId } = request.params as { jobId: string };
    const token = (request.query as Record<string, unknown>).token;
    const body = typeof request.body === 'string' ? request.body : '';
    if (typeof token !== 'string' || !(await uploadImportCsv(options.services, jobId, token, body))) {
      return reply.code(403).header('content-type', 'application/xml').send('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
    }
    return reply.code(200).send();
  });
}
