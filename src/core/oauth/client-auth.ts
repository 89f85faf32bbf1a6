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

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Compares digests, so neither length nor content leaks through timing. */
function secretsEqual(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

/**
 * The digests of a client's current secrets, worked out once per client configuration: opening the
 * sealed secrets on every token request cost more than the rest of the client check. A new or deleted
 * secret is a new configuration object from the cache, hence new digests; the secrets themselves are not kept.
 */
const secretDigests = new WeakMap<UserPoolClient, Buffer[]>();
function expectedDigests(services: Services, client: UserPoolClient): Buffer[] {
  let digests = secretDigests.get(client);
  if (!digests) {
    digests = clientSecrets(services, client).map(digest);
    secretDigests.set(client, digests);
  }
  return digests;
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
  const expected = expectedDigests(services, client);
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
