import type { UserPoolClient } from '../client/clients.js';
import { STANDARD_OAUTH_SCOPES } from '../client/config.js';
import { oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import { customScopesOfPool } from '../pool/resource-servers.js';
import type { Services } from '../services.js';

/** RFC 6749 §3.3: a scope token is printable ASCII without space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Cognito releases these only together with `openid`. */
const NEEDS_OPENID = new Set(['email', 'phone', 'profile']);

/** The scope parameter as a list without repeats; undefined when it is absent or blank. */
export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const tokens = value.split(' ').filter((s) => s !== '');
  if (tokens.length === 0) return undefined;
  return [...new Set(tokens)];
}

const invalidScope = (scope: string) => oauthError('invalid_scope', `Invalid scope requested: ${scope}`);

function checkKnown(scopes: string[], custom: ReadonlySet<string>): void {
  for (const s of scopes) {
    if (!SCOPE_TOKEN.test(s) || (!STANDARD_OAUTH_SCOPES.has(s) && !custom.has(s))) throw invalidScope(s);
  }
}

/**
 * The scopes a user sign-in grants (authorization endpoint, and Cognate's password grant), by
 * Cognito's rules: an unknown or malformed scope is `invalid_scope`; a known scope the client is not
 * allowed is ignored; no scope means every scope of the client; `email`, `phone` and `profile` are
 * dropped without `openid`. Nothing left to grant is `invalid_scope` too.
 */
export async function grantedUserScopes(services: Services, pool: UserPool, client: UserPoolClient, scope: string | undefined): Promise<string[]> {
  const custom = await customScopesOfPool(services, pool.Id);
  const allowed = (client.AllowedOAuthScopes ?? []).filter((s) => STANDARD_OAUTH_SCOPES.has(s) || custom.has(s));
  const requested = parseScope(scope);
  if (requested) checkKnown(requested, custom);
  let granted = requested ? requested.filter((s) => allowed.includes(s)) : allowed;
  if (!granted.includes('openid')) granted = granted.filter((s) => !NEEDS_OPENID.has(s));
  if (granted.length === 0) throw oauthError('invalid_scope', 'None of the requested scopes is allowed for this client.');
  return granted;
}

/**
 * The scopes of a client_credentials token: custom scopes only, each allowed to the client; no scope
 * means every custom scope the client is allowed.
 */
export async function grantedMachineScopes(services: Services, pool: UserPool, client: UserPoolClient, scope: string | undefined): Promise<string[]> {
  const custom = await customScopesOfPool(services, pool.Id);
  const allowed = (client.AllowedOAuthScopes ?? []).filter((s) => custom.has(s));
  const requested = parseScope(scope);
  if (requested) {
    for (const s of requested) if (!allowed.includes(s)) throw invalidScope(s);
  }
  const granted = requested ?? allowed;
  if (granted.length === 0) throw oauthError('invalid_scope', 'The client has no custom scopes to grant.');
  return granted;
}
