import { createHash } from 'node:crypto';
import type { UserPool } from '../../pool/pools.js';
import type { Services } from '../../services.js';
import { samlSignInRedirect } from '../saml/sign-in-request.js';
import type { IdentityProviderDescription } from '../types.js';
import type { PendingFederation } from './contract.js';
import { upstreamAuthorizationUrl } from './oidc.js';
import { PENDING_MINUTES, sealPending } from './pending.js';

/**
 * The first half of a federated sign-in: the app client's checked authorization request is sealed
 * as the pending sign-in and the browser is sent to the provider, with it as the OIDC `state` or the
 * SAML `RelayState`.
 */
export async function startFederation(
  services: Services,
  pool: UserPool,
  provider: IdentityProviderDescription,
  authorizeQuery: string,
  /** Where an OIDC or social provider answers: this host's `/oauth2/idpresponse`. */
  idpResponseUrl: string,
): Promise<{ url: string; requestId: string }> {
  const pending: PendingFederation = {
    poolId: pool.Id,
    providerName: provider.ProviderName!,
    authorizeQuery,
    // SAML's ID must not start with a digit; the same random serves as the OIDC nonce.
    requestId: `_${services.random.bytes(20).toString('hex')}`,
    expiresAt: services.clock.now() + PENDING_MINUTES * 60_000,
  };
  const url =
    provider.ProviderType === 'SAML'
      ? await samlSignInRedirect(services, pool, provider, { requestId: pending.requestId, relayState: sealPending(services, pending) })
      : await upstreamAuthorizationUrl(services, provider, pending, (p) => sealPending(services, p), idpResponseUrl);
  return { url, requestId: pending.requestId };
}

/**
 * What the browser that started a sign-in keeps (a cookie) to show that the answer coming back is
 * its own: without it, anyone could start a sign-in as themselves and have a victim's browser finish
 * it (login CSRF). A hash, so the cookie does not repeat the nonce the provider saw.
 */
export const browserBinding = (requestId: string): string => createHash('sha256').update(requestId).digest('base64url');
