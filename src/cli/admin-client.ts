import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

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
  const cleanQuery: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) cleanQuery[k] = v;
  for (const [k, v] of Object.entries(cleanQuery)) url.searchParams.set(k, v);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  let headers: Record<string, string> = { host: url.host, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) };
  if (options.adminCredentials) {
    const i = options.adminCredentials.indexOf(':');
    const signer = new SignatureV4({
      service: 'cognito-idp',
      region: options.region ?? 'us-east-1',
      sha256: Hash.bind(null, 'sha256'),
      credentials: { accessKeyId: options.adminCredentials.slice(0, i), secretAccessKey: options.adminCredentials.slice(i + 1) },
    });
    const signed = await signer.sign(
      new HttpRequest({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port) || undefined, path: url.pathname, query: cleanQuery, headers, body: payload }),
    );
    headers = signed.headers as Record<string, string>;
  }
  const res = await fetch(url, { method, headers, body: payload });
  const answer = (await res.json().catch(() => ({}))) as { message?: string; __type?: string };
  if (!res.ok) throw new Error(`${res.status} ${answer.__type ?? ''} ${answer.message ?? ''}`.trim());
  return answer;
}
