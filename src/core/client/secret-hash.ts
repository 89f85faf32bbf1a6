import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserPoolClient } from './clients.js';
import { clientSecrets } from './clients.js';
import { err } from '../errors.js';
import type { Services } from '../services.js';

/** Base64(HMAC-SHA256(key = client secret, message = username + clientId)), as Cognito defines SECRET_HASH. */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(username + clientId, 'utf8').digest('base64');
}

/**
 * Requires a valid SECRET_HASH when the client has a secret. Which username the hash covers (the
 * typed alias, the internal username or the sub) differs between flows and SDKs, so any of the
 * given candidates is accepted. Compared in constant time.
 */
export function checkSecretHash(
  services: Services,
  client: UserPoolClient,
  given: string | undefined,
  usernames: readonly (string | undefined)[],
): void {
  // During a rotation the client has two secrets, and a hash made with either is good.
  const secrets = clientSecrets(services, client);
  if (secrets.length === 0) return;
  const failure = () => err.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  if (!given) throw failure();
  const givenBytes = Buffer.from(given, 'utf8');
  let ok = false;
  for (const secret of secrets) {
    for (const username of new Set(usernames)) {
      if (username === undefined) continue;
      const expected = Buffer.from(secretHash(secret, username, client.ClientId!), 'utf8');
      // Evaluate every candidate: the time taken does not say which one matched.
      if (expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes)) ok = true;
    }
  }
  if (!ok) throw failure();
}
