import type { Services } from '../core/services.js';
import { callbackUrl } from './deps.js';

/** Where a pool's hosted UI and token endpoint are, and ready-to-open sign-in links for its app clients. */

export interface ClientLike {
  ClientId: string;
  ClientName?: string;
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  CallbackURLs?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
}

/** The path form of the pool's endpoints (works on every host, as discovery advertises). */
export const poolBase = (services: Services, poolId: string): string => `${services.settings.publicUrl}/${poolId}`;

/** The pool's Cognito domain as a browser reaches it here (`<prefix>.auth.localhost:<port>`), if it has one. */
export function domainBase(services: Services, prefix: string | undefined): string | undefined {
  if (!prefix) return undefined;
  const url = new URL(services.settings.publicUrl);
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return undefined;
  return `${url.protocol}//${prefix}.auth.localhost${url.port ? `:${url.port}` : ''}`;
}

/** The `state` the console's callback reads: which pool and client the code is for, and the PKCE nonce. */
export interface CallbackState {
  p: string;
  c: string;
  n?: string;
}

export const encodeState = (state: CallbackState): string => Buffer.from(JSON.stringify(state)).toString('base64url');

export function decodeState(value: string | undefined): CallbackState | undefined {
  if (!value || !/^[A-Za-z0-9_-]{1,2000}$/.test(value)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<CallbackState>;
    if (typeof s.p !== 'string' || typeof s.c !== 'string' || (s.n !== undefined && typeof s.n !== 'string')) return undefined;
    return { p: s.p, c: s.c, ...(s.n ? { n: s.n } : {}) };
  } catch {
    return undefined;
  }
}

export const allowsCode = (client: ClientLike): boolean => client.AllowedOAuthFlowsUserPoolClient === true && (client.AllowedOAuthFlows ?? []).includes('code');

/**
 * A sign-in link that opens the hosted UI and comes back to the console's token page when the client
 * lists that page as a callback; to its first callback otherwise; undefined for a client without the code grant.
 */
export function signInLink(services: Services, poolId: string, client: ClientLike, extra: Record<string, string> = {}): string | undefined {
  if (!allowsCode(client)) return undefined;
  const own = callbackUrl(services);
  const callbacks = client.CallbackURLs ?? [];
  const redirect = callbacks.includes(own) ? own : callbacks[0];
  if (!redirect) return undefined;
  const params = new URLSearchParams({ client_id: client.ClientId, response_type: 'code', redirect_uri: redirect });
  const scopes = client.AllowedOAuthScopes ?? [];
  if (scopes.length) params.set('scope', scopes.join(' '));
  if (redirect === own) params.set('state', encodeState({ p: poolId, c: client.ClientId, ...(extra.nonce ? { n: extra.nonce } : {}) }));
  for (const [k, v] of Object.entries(extra)) if (k !== 'nonce') params.set(k, v);
  return `${poolBase(services, poolId)}/login?${params}`;
}
