import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenVerificationError, bearerChallenge, rejectionBody } from './errors.js';
import type { Requirements, VerifiedToken, Verifier } from './verifier.js';
import { bearerToken } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token of the request, set by `fastifyAuth`. */
    auth?: VerifiedToken;
  }
}

export interface MiddlewareOptions extends Requirements {
  /** The realm of the `WWW-Authenticate` challenge. */
  realm?: string;
}

async function check(v: Verifier, authorization: string | string[] | undefined, options: MiddlewareOptions): Promise<VerifiedToken> {
  return v.verify(bearerToken(authorization), options);
}

/**
 * A Fastify `preHandler` that lets through requests with a good token meeting the requirements, and
 * puts the token on `request.auth`: `app.get('/items', { preHandler: fastifyAuth(v, { scopes: ['demo-api/read'] }) }, ...)`.
 */
export function fastifyAuth(v: Verifier, options: MiddlewareOptions = {}) {
  return async function verifyBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      request.auth = await check(v, request.headers.authorization, options);
    } catch (error) {
      if (!(error instanceof TokenVerificationError)) throw error;
      await reply.code(error.status).header('www-authenticate', bearerChallenge(error, options.realm)).header('cache-control', 'no-store').send(rejectionBody(error));
    }
  };
}

/** What Express's request is, as far as this middleware cares. */
export type ExpressLikeRequest = IncomingMessage & { auth?: VerifiedToken };

/**
 * The same check as Express middleware, `(req, res, next)`, written against Node's own request and
 * response (which Express's extend), so that it needs no Express at all: `app.get('/items', expressAuth(v, {...}), handler)`.
 */
export function expressAuth(v: Verifier, options: MiddlewareOptions = {}) {
  return function verifyBearer(req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void): void {
    check(v, req.headers.authorization, options).then(
      (token) => {
        req.auth = token;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof TokenVerificationError)) return next(error);
        res.statusCode = error.status;
        res.setHeader('www-authenticate', bearerChallenge(error, options.realm));
        res.setHeader('cache-control', 'no-store');
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(rejectionBody(error)));
      },
    );
  };
}
