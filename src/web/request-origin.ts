import type { FastifyRequest } from 'fastify';

/** Whether a request comes from a page of another origin: asked by the hosted forms (ui) and the open admin surface (http). */

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

const originOf = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return undefined;
  }
};

/**
 * Whether a browser says this request comes from a page of another origin (another site, or another
 * port or subdomain of this one). Sec-Fetch-Site is the browser's own verdict; without it (older
 * browsers) the Origin is compared with this server's origins. Tools that are not browsers (the AWS
 * SDK and CLI, curl, Postman, `cognate token`) send neither header and pass.
 *
 * `Origin: null` comes from sandboxed frames and data: URLs, but also from a same-origin form post
 * under `Referrer-Policy: no-referrer` (the hosted pages' policy) in browsers too old to send
 * Sec-Fetch-Site; the hosted forms accept it (their CSRF token still applies), the admin surface does not.
 */
export function isCrossOriginBrowserRequest(request: FastifyRequest, publicUrl: string, options: { allowNullOrigin: boolean }): boolean {
  const site = header(request.headers['sec-fetch-site'])?.toLowerCase();
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = header(request.headers.origin);
  if (origin === undefined) return false;
  if (origin === 'null') return !options.allowNullOrigin;
  const own = originOf(origin);
  if (own === undefined) return true;
  const host = header(request.headers.host)?.toLowerCase();
  const sameHost = host !== undefined && (own === `http://${host}` || own === `https://${host}`);
  return !sameHost && own !== originOf(publicUrl);
}
