import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CognitoError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import type { AdminCredentials } from './sigv4.js';
import { verifyAdminSignature } from './sigv4.js';
import type { Operation } from './operation.js';
import { countApiRequest } from './quota.js';
import { checkPoolRegion, isSigned, requestRegion } from './region.js';
import { loadOperations } from './registry.js';
import { validateInput } from './validate.js';
import { AMZ_JSON, toWireJson } from './wire.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export interface ApiOptions {
  services: Services;
  adminCredentials?: AdminCredentials;
  /**
   * Without admin credentials the IAM operations are open to local tools; this refuses what a web
   * page could send them (wrong Host, another origin, a CORS-simple content type). Throws CognitoError.
   */
  openAdminGuard?: (request: FastifyRequest, rule: { contentTypes: readonly string[]; bodyRequired: boolean }) => Promise<void>;
}

/** What the AWS SDK v3 and the AWS CLI send (awsJson1.1); plain JSON too, for curl. None is CORS-simple. */
export const API_CONTENT_TYPES = ['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json'] as const;

// Browsers call the public operations directly (Amplify, amazon-cognito-identity-js); only those get CORS.
// An answer needs only the origin and the headers a page may read; what a browser may send, and for
// how long it may remember that, is the preflight's to say (Fetch standard, CORS protocol), so those
// are not repeated on every answer.
const CORS_ANSWER_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date',
};
const CORS_PREFLIGHT_HEADERS = {
  ...CORS_ANSWER_HEADERS,
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, x-amz-content-sha256, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request',
  'access-control-max-age': '86400',
};

/** The Cognito JSON API: `POST /` routed by `X-Amz-Target`. */
export async function apiPlugin(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const operations = await loadOperations();
  const { services } = options;

  // Bodies are read as text and parsed here, so that malformed JSON is Cognito's SerializationException.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.options('/', async (_request, reply) => {
    reply.headers(CORS_PREFLIGHT_HEADERS).code(200).send();
  });

  app.post('/', async (request, reply) => {
    const requestId = randomUUID();
    reply.header('x-amzn-requestid', requestId);
    try {
      const operation = resolve(operations, request.headers['x-amz-target']);
      if (operation.auth !== 'iam') reply.headers(CORS_ANSWER_HEADERS);
      if (operation.auth === 'iam' && options.adminCredentials) {
        verifyAdminSignature(request, options.adminCredentials, services.clock.now());
      } else if (operation.auth === 'iam') {
        await options.openAdminGuard?.(request, { contentTypes: API_CONTENT_TYPES, bodyRequired: true });
      }
      const input = parseBody(request.body);
      validateInput(operation.input, input);
      const region = requestRegion(request, services.settings.region);
      // Only a signature names a region to hold a pool id against; unsigned callers (browsers, curl) reach any.
      if (isSigned(request)) checkPoolRegion(input, region);
      await countApiRequest(services, operation.name, input, region);
      const output = await operation.run(services, input, { ip: request.ip, userAgent: request.headers['user-agent'], requestId, region });
      return reply.code(200).type(AMZ_JSON).send(toWireJson(output ?? {}));
    } catch (error) {
      return sendError(reply, error, services, request);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    // Fastify's own failures (body too large, unreadable body) in Cognito's format.
    const e = error as { statusCode?: number; code?: string; message: string };
    if (isPublicTarget(operations, request.headers['x-amz-target'])) reply.headers(CORS_ANSWER_HEADERS);
    if (e.statusCode && e.statusCode < 500) {
      return sendError(reply, new CognitoError('SerializationException', e.message), services, request);
    }
    return sendError(reply, error, services, request);
  });
}

function resolve(operations: Map<string, Operation>, target: string | string[] | undefined): Operation {
  const value = Array.isArray(target) ? target[0] : target;
  const name = value?.startsWith(TARGET_PREFIX) ? value.slice(TARGET_PREFIX.length) : undefined;
  const operation = name ? operations.get(name) : undefined;
  if (operation) return operation;
  // An empty message left people guessing whether the call or Cognate was wrong.
  if (!name)
    throw new CognitoError('UnknownOperationException', `X-Amz-Target must be ${TARGET_PREFIX}<Operation>${value ? `, got ${JSON.stringify(value.slice(0, 100))}` : ' and is missing'}.`);
  throw new CognitoError('UnknownOperationException', `Cognate does not offer the operation ${name.slice(0, 100)} (docs/compatibility.md lists what it does).`);
}

function isPublicTarget(operations: Map<string, Operation>, target: string | string[] | undefined): boolean {
  try {
    return resolve(operations, target).auth !== 'iam';
  } catch {
    return false;
  }
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new CognitoError('SerializationException', 'Unexpected character in JSON payload; the request body could not be parsed.');
  }
}

function sendError(reply: FastifyReply, error: unknown, services: Services, request: FastifyRequest): FastifyReply {
  if (error instanceof CognitoError) {
    const status = error.type === 'InternalErrorException' ? 500 : error.type === 'AccessDeniedException' ? 403 : 400;
    return reply
      .code(status)
      .type(AMZ_JSON)
      .header('x-amzn-errortype', error.type)
      .send(toWireJson({ __type: error.type, message: error.message, ...error.extra }));
  }
  services.log.error({ err: error, target: request.headers['x-amz-target'] }, 'unexpected failure in the Cognito API');
  return reply
    .code(500)
    .type(AMZ_JSON)
    .header('x-amzn-errortype', 'InternalErrorException')
    .send(toWireJson({ __type: 'InternalErrorException', message: 'An internal error occurred.' }));
}
