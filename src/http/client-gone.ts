import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * Ends a request whose body can no longer be read. While an async onRequest hook awaits (resolving
 * the pool reads the store), Node's parser may reject the rest of the request (a broken chunk) or the
 * client may go (a half-close makes Node's server close the connection): the request stream is
 * destroyed then, with what it buffered, and fastify's body reader, attached afterwards, would wait
 * for a 'data' or 'end' that never comes. Failing here sends the request through the error handler
 * like any unreadable body, so its life ends (nothing reaches a client that is gone). A request
 * without a body goes on: it was received whole, and its work (an authorization grant) still happens.
 */
export function endRequestsWhoseClientIsGone(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const raw = request.raw;
    if (raw.destroyed && !raw.readableEnded && hasBody(raw.headers)) {
      done(Object.assign(new Error('The request ended before its body was read.'), { statusCode: 400, code: 'COGNATE_CLIENT_GONE' }));
      return;
    }
    done(null, payload);
  });
}

/** Whether the request announced a body (RFC 9112 §6.3: chunked, or a non-zero Content-Length). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
