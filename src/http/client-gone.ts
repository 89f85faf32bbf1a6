import type { FastifyInstance } from 'fastify';

/**
 * Ends a request whose body can no longer be read. While an async onRequest hook awaits (resolving
 * the pool reads the store), Node's parser may reject the rest of the request (a broken chunk) or the
 * client may go: the request stream is destroyed then, its 'error' and 'end' already emitted, and
 * fastify's body reader, attached afterwards, would wait for them forever. Failing here sends the
 * request through the error handler like any unreadable body, so its life ends (nothing reaches a
 * client that is gone).
 */
export function endRequestsWhoseClientIsGone(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const raw = request.raw;
    if (raw.destroyed && !raw.complete) {
      done(Object.assign(new Error('The request ended before its body was read.'), { statusCode: 400, code: 'COGNATE_CLIENT_GONE' }));
      return;
    }
    done(null, payload);
  });
}
