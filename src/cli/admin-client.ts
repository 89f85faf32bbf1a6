import { signRequest } from '../client/sigv4.js';

/**
 * Calls to Cognate's own `/_cognate/` admin endpoints (outbox, seed, key rotation), signed with SigV4
 * by the client library's signer when admin credentials are given.
 */

export interface AdminClientOptions {
  endpoint: string;
  /** `<accessKeyId>:<secretAccessKey>` when the server requires signed admin calls. */
  adminCredentials?: string;
  region?: string;
}

/** GETs one of Cognate's `/_cognate/` endpoints, signed with SigV4 when admin credentials are given. */
export const adminGet = (options: AdminClientOptions, path: string, query: Record<string, string | undefined>) =>
  adminRequest(options, 'GET', path, query);

/** Calls one of Cognate's `/_cognate/` endpoints, signed with SigV4 when admin credentials are given. */
export async function adminRequest(
  options: AdminClientOptions,
  method: 'GET' | 'POST',
  path: string,
  query: Record<string, string | undefined>,
  body?: unknown,
): Promise<unknown> {
  const url = new URL(path, options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  let headers: Record<string, string> = { host: url.host, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) };
  if (options.adminCredentials) {
    const i = options.adminCredentials.indexOf(':');
    const credentials = { accessKeyId: options.adminCredentials.slice(0, i), secretAccessKey: options.adminCredentials.slice(i + 1) };
    headers = await signRequest({ method, url, headers, body: payload }, credentials, options.region);
  }
  const res = await fetch(url, { method, headers, body: payload });
  const answer = (await res.json().catch(() => ({}))) as { message?: string; __type?: string };
  if (!res.ok) throw new Error(`${res.status} ${answer.__type ?? ''} ${answer.message ?? ''}`.trim());
  return answer;
}
