import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { CognitoError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { isCrossOriginBrowserRequest } from '../web/request-origin.js';
import { hostContext, hostName } from './pool-resolution.js';

/**
 * The open admin surface (IAM operations of `POST /` and `/_cognate/*` without `--admin-credentials`)
 * must answer the developer's own tools, never a web page they happen to visit:
 * - a page on another site may send "simple" requests (text/plain, no preflight) anywhere, so a body
 *   must carry its JSON content type, which no page can send without a CORS preflight;
 * - a preflighted request from another origin still reaches the server, so a browser's `Origin` /
 *   `Sec-Fetch-Site` saying "another site" is refused;
 * - DNS rebinding makes another site's name point at 127.0.0.1 and turns it same-origin, so the
 *   `Host` must be a name this server is known by.
 */
export interface AdminGuard {
  /**
   * Throws Cognito's AccessDeniedException (Host, Origin) or SerializationException (content type)
   * when the request must be refused. A request without a body may come without a content type
   * unless `bodyRequired`.
   */
  check(request: FastifyRequest, rule: ContentRule): Promise<void>;
}

export interface ContentRule {
  contentTypes: readonly string[];
  bodyRequired?: boolean;
}

export interface AdminGuardOptions {
  services: Services;
  /** `--allowed-hosts`: more names the server answers to. `*` allows any; `.example.com` allows its subdomains too. */
  allowedHosts?: readonly string[];
}

/** `--allowed-hosts a,b` as a list of lower-case names (a port, if given, is dropped: the Host check is about names). */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((h) => h.trim())
    .map((h) => (h === '*' || h.startsWith('.') ? h.toLowerCase() : (hostName(h) ?? '')))
    .filter((h) => h !== '');
}

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: names that only ever mean this machine. */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '[::1]') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The media type of a Content-Type header, without parameters, lower-cased. */
export function mediaType(value: string | string[] | undefined): string | undefined {
  const type = header(value)?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

const hasBody = (request: FastifyRequest): boolean => {
  const length = header(request.headers['content-length']);
  return (length !== undefined && length.trim() !== '0') || request.headers['transfer-encoding'] !== undefined;
};

/** Whether the Host header names this server: loopback, the public URL's host, a pool's domain, or an allowed host. */
export async function isAllowedHost(services: Services, allowed: readonly string[], hostHeader: string | undefined): Promise<boolean> {
  const name = hostName(hostHeader);
  if (name === undefined) return false;
  if (isLoopbackName(name)) return true;
  const publicHost = (() => {
    try {
      return new URL(services.settings.publicUrl).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  })();
  if (name === publicHost) return true;
  if (allowed.some((a) => a === '*' || a === name || (a.startsWith('.') && (name.endsWith(a) || name === a.slice(1))))) return true;
  return (await hostContext(services, hostHeader)) !== undefined;
}

export function adminGuard(options: AdminGuardOptions): AdminGuard {
  const { services } = options;
  const allowed = options.allowedHosts ?? [];
  return {
    async check(request, { contentTypes, bodyRequired = false }) {
      const host = header(request.headers.host);
      if (!(await isAllowedHost(services, allowed, host))) {
        throw new CognitoError(
          'AccessDeniedException',
          `Host ${JSON.stringify(hostName(host) ?? '')} is not a name of this server; add it with --allowed-hosts (COGNATE_ALLOWED_HOSTS) to reach the admin operations through it.`,
        );
      }
      if (isCrossOriginBrowserRequest(request, services.settings.publicUrl, { allowNullOrigin: false })) {
        throw new CognitoError('AccessDeniedException', 'Admin operations cannot be called from a web page of another origin.');
      }
      const type = mediaType(request.headers['content-type']);
      if ((bodyRequired || type !== undefined || hasBody(request)) && (type === undefined || !contentTypes.includes(type))) {
        throw new CognitoError('SerializationException', `The request must be sent as ${contentTypes.join(' or ')}, not ${type ?? 'without a content type'}.`);
      }
    },
  };
}
