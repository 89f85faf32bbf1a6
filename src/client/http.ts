import { TokenClientError } from './errors.js';

/** fetch, with an unreachable server reported as such rather than as "fetch failed". */
export async function send(url: string | URL, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new TokenClientError('network', `Cannot reach ${new URL(url).origin}: ${detail}`);
  }
}

/** A response body as JSON, or undefined when it is not JSON. */
export async function jsonOf(res: Response): Promise<Record<string, unknown> | undefined> {
  const text = await res.text();
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function postForm(url: string, params: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, v);
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: body.toString(),
  });
}
