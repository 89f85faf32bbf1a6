import type { FuzzCase } from './cases.js';
import type { Answer } from './send.js';

/** RFC 6749 §4.1.2.1/§5.2, RFC 6750 §3.1 and RFC 7009 §2.2.1 error codes. */
const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'invalid_token',
  'insufficient_scope',
  'unsupported_token_type',
]);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const header = (answer: Answer, name: string): string => {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
};

/** What is wrong with the answer, or undefined when it is acceptable. */
export function problemWith(c: FuzzCase, answer: Answer): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (c.kind === 'raw' || answer.raw || c.protocol === 'any' || answer.status < 400 || answer.status === 0) return undefined;
  // Refused by Node's HTTP parser or Fastify's router before any protocol's route is known:
  // headers (the URL included) over 16 KB, a path segment over 100 characters.
  if (answer.status === 431 || answer.status === 414) return undefined;
  const json = parseJson(answer.body) as Record<string, unknown> | undefined;
  // No pool at this path or host: one JSON shape for every protocol.
  if (answer.status === 404 && json?.error === 'not_found') return undefined;
  switch (c.protocol) {
    case 'api': {
      if (!json || typeof json.__type !== 'string' || json.__type === '') return 'API error without __type';
      if (json.message !== undefined && typeof json.message !== 'string') return 'API error message is not a string';
      if (header(answer, 'x-amzn-errortype').split(':')[0] !== json.__type) return `x-amzn-errortype ${header(answer, 'x-amzn-errortype')} does not match __type ${json.__type}`;
      return undefined;
    }
    case 'admin':
      if (!json || typeof json.__type !== 'string' || typeof json.message !== 'string') return 'admin error without __type and message';
      return undefined;
    case 'oauth-json': {
      if (!json || typeof json.error !== 'string') return 'OAuth error without an error member';
      if (!OAUTH_ERRORS.has(json.error)) return `OAuth error code ${json.error} is not an RFC 6749/6750/7009 code`;
      if (json.error_description !== undefined && typeof json.error_description !== 'string') return 'error_description is not a string';
      return undefined;
    }
    case 'page':
      if (!/^text\/html/.test(header(answer, 'content-type')) || !/<html/i.test(answer.body)) return `page error is not an HTML page (${header(answer, 'content-type')})`;
      return undefined;
  }
}
