import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserPoolClient } from '../client/clients.js';
import { clientSecrets, getClientInPool } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import { oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/**
 * Client authentication at the token and revocation endpoints (cognito-wire.md §1.5): a secret
 * presented in HTTP Basic or in the body, or, for a public client, its id alone. The OAuth adapter
 * reads the credentials off the request (src/oauth/client-credentials.ts); this decides whether they
 * prove the client.
 */

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** What a client presented, and where: `basic` for the Authorization header, `body` for form fields. */
export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  presentedIn: 'basic' | 'body';
}

export interface AuthenticatedClient {
  client: UserPoolClient;
  method: ClientAuthMethod;
}

export const clientAuthFailed = () => oauthError('invalid_client', 'Client authentication failed.');

/** Compares digests, so neither length nor content leaks through timing. */
function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function authenticateClient(services: Services, pool: UserPool, credentials: ClientCredentials): Promise<AuthenticatedClient> {
  const { clientId: id, clientSecret: secret } = credentials;
  if (!id) throw clientAuthFailed();
  let client: UserPoolClient;
  try {
    client = await getClientInPool(services, pool.Id, id);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') throw clientAuthFailed();
    throw error;
  }
  const expected = clientSecrets(services, client);
  if (expected.length === 0) {
    // A public client has nothing to prove; a secret it does not have is a mistake worth reporting.
    if (secret) throw clientAuthFailed();
    return { client, method: 'none' };
  }
  // Every current secret is compared, so the time taken does not say which one matched.
  const matches = expected.map((e) => (secret ? secretsEqual(secret, e) : false));
  if (!matches.includes(true)) throw clientAuthFailed();
  return { client, method: credentials.presentedIn === 'basic' ? 'client_secret_basic' : 'client_secret_post' };
}
