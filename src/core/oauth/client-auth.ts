import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserPoolClient } from '../client/clients.js';
import { clientSecret, getClientInPool } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import { oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/**
 * Client authentication at the token and revocation endpoints (cognito-wire.md §1.5):
 * `client_secret_basic` (HTTP Basic), `client_secret_post` (client_id and client_secret in the body),
 * or, for a public client, client_id alone. One method per request (RFC 6749 §2.3).
 */

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ClientAuthInput {
  /** The Authorization header, if any. */
  authorization?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface AuthenticatedClient {
  client: UserPoolClient;
  method: ClientAuthMethod;
}

const failed = () => oauthError('invalid_client', 'Client authentication failed.');

/** RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw failed();
  }
}

/** The id and secret of an `Authorization: Basic` header; undefined for other schemes. */
export function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic[ ]+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw failed();
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

export const usesBasic = (header: string | undefined): boolean => header !== undefined && /^Basic\b/i.test(header);

/** Compares digests, so neither length nor content leaks through timing. */
function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function authenticateClient(services: Services, pool: UserPool, input: ClientAuthInput): Promise<AuthenticatedClient> {
  const basic = parseBasic(input.authorization);
  if (input.authorization !== undefined && !basic && usesBasic(input.authorization)) throw failed();
  if (basic && input.clientSecret !== undefined)
    throw oauthError('invalid_request', 'The client used more than one authentication method.');
  if (basic && input.clientId !== undefined && input.clientId !== basic.id) throw failed();
  const id = basic?.id ?? input.clientId;
  const secret = basic ? basic.secret : input.clientSecret;
  if (!id) throw failed();
  let client: UserPoolClient;
  try {
    client = await getClientInPool(services, pool.Id, id);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') throw failed();
    throw error;
  }
  const expected = clientSecret(services, client);
  if (expected === undefined) {
    // A public client has nothing to prove; a secret it does not have is a mistake worth reporting.
    if (secret) throw failed();
    return { client, method: 'none' };
  }
  if (!secret || !secretsEqual(secret, expected)) throw failed();
  return { client, method: basic ? 'client_secret_basic' : 'client_secret_post' };
}
