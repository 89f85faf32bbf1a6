import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every response of a scope, worked out once. @fastify/helmet builds
 * Helmet's middleware again for every request (parsing the CSP directives each time), which cost a
 * good share of a token grant; the headers never change, except the nonces of the routes that ask for
 * them (`helmet: { enableCSPNonces: true }`, the hosted pages), which are filled in per request.
 * Routes keep @fastify/helmet's options and `reply.cspNonce`.
 */
/** Helmet's options, with the CSP's directives given (the nonces are added to them). */
type Options = Record<string, unknown> & { contentSecurityPolicy: { useDefaults?: boolean; directives: Record<string, string[]> } };

export function securityHeaders(app: FastifyInstance, options: Options): void {
  const plain = headersOf(options);
  const SCRIPT = "'nonce-0script0'";
  const STYLE = "'nonce-0style0'";
  const { directives } = options.contentSecurityPolicy;
  const withNonces = headersOf({
    ...options,
    contentSecurityPolicy: {
      ...options.contentSecurityPolicy,
      directives: { ...directives, scriptSrc: [...(directives.scriptSrc ?? []), SCRIPT], styleSrc: [...(directives.styleSrc ?? []), STYLE] },
    },
  });

  if (!app.hasReplyDecorator('cspNonce')) app.decorateReply('cspNonce', null as unknown as { script: string; style: string });
  app.addHook('onRoute', (route) => {
    const wanted = (route as { helmet?: unknown }).helmet;
    if (wanted === undefined) return;
    const keys = wanted === false ? [] : Object.keys(wanted as object);
    if (keys.some((key) => key !== 'enableCSPNonces')) throw new Error(`${route.url}: only helmet: { enableCSPNonces } or false is supported in this scope`);
    const mode = wanted === false ? 'none' : (wanted as { enableCSPNonces?: boolean }).enableCSPNonces ? 'nonces' : 'plain';
    route.config = { ...(route.config as object), securityHeaders: mode } as typeof route.config;
  });
  app.addHook('onRequest', (request, reply, done) => {
    const mode = (request.routeOptions.config as { securityHeaders?: string }).securityHeaders ?? 'plain';
    if (mode === 'plain') apply(reply.raw, plain);
    else if (mode === 'nonces') {
      const nonce = { script: randomBytes(16).toString('hex'), style: randomBytes(16).toString('hex') };
      reply.cspNonce = nonce;
      apply(reply.raw, withNonces, (value) => value.replace(SCRIPT, `'nonce-${nonce.script}'`).replace(STYLE, `'nonce-${nonce.style}'`));
    }
    done();
  });
}

interface RecordedHeaders {
  set: [string, string][];
  removed: string[];
}

/** What Helmet's middleware does to a response, recorded on a stand-in response. */
function headersOf(options: Options): RecordedHeaders {
  const set = new Map<string, [string, string]>();
  const removed: string[] = [];
  const response = {
    setHeader: (name: string, value: unknown) => void set.set(name.toLowerCase(), [name, String(value)]),
    removeHeader: (name: string) => void (set.delete(name.toLowerCase()), removed.push(name)),
  };
  helmet(options as HelmetOptions)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return { set: [...set.values()], removed };
}

function apply(response: ServerResponse, headers: RecordedHeaders, fill: (value: string) => string = (value) => value): void {
  for (const name of headers.removed) response.removeHeader(name);
  for (const [name, value] of headers.set) response.setHeader(name, name.toLowerCase() === 'content-security-policy' ? fill(value) : value);
}
