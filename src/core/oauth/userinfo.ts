import type { UserPoolClient } from '../client/clients.js';
import { getClient } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import { oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { authenticateAccessToken } from '../token/tokens.js';
import type { User } from '../user/users.js';

/** Which attributes each scope releases at the userInfo endpoint (cognito-wire.md §1.6). */
const SCOPE_ATTRIBUTES: Record<string, readonly string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

export const INVALID_TOKEN_DESCRIPTION = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

/**
 * `GET|POST /oauth2/userInfo`: `sub` and `username` always; the attributes the token's scopes
 * release and the client may read. Every value is a string, the verified flags included.
 */
export async function userInfo(services: Services, pool: UserPool, accessToken: string): Promise<Record<string, string>> {
  let subject;
  let client: UserPoolClient;
  try {
    subject = await authenticateAccessToken(services, accessToken, 'openid');
    if (subject.pool.Id !== pool.Id) throw oauthError('invalid_token', INVALID_TOKEN_DESCRIPTION);
    client = await getClient(services, String(subject.claims.client_id));
  } catch (error) {
    if (error instanceof CognitoError) throw oauthError('invalid_token', INVALID_TOKEN_DESCRIPTION);
    throw error;
  }
  const scopes = new Set((subject.claims.scope ?? '').split(' '));
  return claimsFor(subject.user, client, scopes);
}

function claimsFor(user: User, client: UserPoolClient, scopes: ReadonlySet<string>): Record<string, string> {
  const readable = (name: string) => !client.ReadAttributes || client.ReadAttributes.includes(name);
  const wanted = new Set<string>();
  if (scopes.has('profile')) {
    for (const name of Object.keys(user.attributes)) if (name !== 'sub' && !name.startsWith('dev:')) wanted.add(name);
  }
  for (const [scope, names] of Object.entries(SCOPE_ATTRIBUTES)) if (scopes.has(scope)) for (const n of names) wanted.add(n);
  const out: Record<string, string> = { sub: user.sub };
  for (const name of wanted) {
    const value = user.attributes[name];
    if (value !== undefined && readable(name)) out[name] = value;
  }
  out.username = user.username;
  return out;
}
