import type { Profile } from '@node-saml/node-saml';
import type { SealedSecret } from '../../../crypto/seal.js';
import { deleteSamlSession, findSamlSession } from '../../../store/saml.js';
import { samlKeyPair } from '../../keys/saml-certificates.js';
import type { UserPool } from '../../pool/pools.js';
import type { Services } from '../../services.js';
import type { User } from '../../user/users.js';
import { identityProviderForSignIn } from '../identity-providers.js';
import { idpMetadata } from './metadata.js';
import { defaultAcsUrl, serviceProvider, spEntityId } from './service-provider.js';

/**
 * SAML single logout, SP-initiated (Cognito's "Signing out SAML users with single sign-out"): at
 * /logout, a user who signed in through a SAML provider with IDPSignout "true" is sent to the IdP's
 * SingleLogoutService with a LogoutRequest (NameID and SessionIndex of that sign-in) signed with the
 * pool's SAML signing key; the IdP answers at /saml2/logout, and the browser then goes where /logout
 * would have sent it. The pool's own session has ended before the browser leaves, so what comes back
 * only decides where the browser goes next; that destination travels sealed in RelayState.
 */

const CONTEXT = 'saml-logout';
/** How long a person may take at the IdP's sign-out. */
const LOGOUT_MINUTES = 15;

interface PendingLogout {
  poolId: string;
  /** Where /logout would have redirected: a registered sign-out URL or the sign-in page. */
  location: string;
  requestId: string;
  expiresAt: number;
}

interface SamlIdentity {
  providerName: string;
  userId: string;
}

function samlIdentityOf(user: User): SamlIdentity | undefined {
  let identities: unknown;
  try {
    identities = JSON.parse(user.attributes.identities ?? '[]');
  } catch {
    return undefined;
  }
  if (!Array.isArray(identities)) return undefined;
  const saml = identities.find((i): i is SamlIdentity => typeof i === 'object' && i !== null && i.providerType === 'SAML' && typeof i.providerName === 'string' && typeof i.userId === 'string');
  return saml && { providerName: saml.providerName, userId: saml.userId };
}

/**
 * The IdP's SLO URL with a signed LogoutRequest for this user, or undefined when the user's sign-in
 * needs no SAML sign-out (not a SAML user, IDPSignout not "true", no SLO endpoint, no session known).
 */
export async function samlSignOutRedirect(services: Services, pool: UserPool, user: User, location: string): Promise<string | undefined> {
  const identity = samlIdentityOf(user);
  if (!identity) return undefined;
  const provider = await identityProviderForSignIn(services, pool.Id, { name: identity.providerName });
  if (provider?.ProviderType !== 'SAML' || provider.ProviderDetails?.IDPSignout !== 'true') return undefined;
  const session = await findSamlSession(services.store.db, pool.Id, identity.providerName, identity.userId);
  if (!session) return undefined;
  let metadata;
  try {
    metadata = await idpMetadata(services, provider);
  } catch {
    // The pool's own session has ended already; an unreadable IdP only means no single logout.
    return undefined;
  }
  if (!metadata.sloRedirectUrl) return undefined;
  const requestId = `_${services.random.bytes(20).toString('hex')}`;
  const pending: PendingLogout = { poolId: pool.Id, location, requestId, expiresAt: services.clock.now() + LOGOUT_MINUTES * 60_000 };
  const sp = serviceProvider({
    poolId: pool.Id,
    acsUrl: defaultAcsUrl(services, pool.Id),
    idpCertificates: metadata.signingCertificates,
    entryPoint: metadata.sloRedirectUrl,
    logoutUrl: metadata.sloRedirectUrl,
    signingKeyPem: (await samlKeyPair(services, pool.Id, 'signing')).privateKeyPem,
    messageId: requestId,
  });
  const profile: Profile = {
    issuer: spEntityId(pool.Id),
    nameID: session.name_id,
    nameIDFormat: session.name_id_format ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    ...(session.session_index ? { sessionIndex: session.session_index } : {}),
  };
  const url = await sp.getLogoutUrlAsync(profile, services.sealer.seal(JSON.stringify(pending), CONTEXT), {});
  await deleteSamlSession(services.store.db, pool.Id, identity.providerName, identity.userId);
  return url;
}

/** Where the browser goes after the IdP's LogoutResponse, from the sealed RelayState; undefined when absent, forged, expired or another pool's. */
export function samlSignOutDestination(services: Services, pool: UserPool, relayState: string | undefined): string | undefined {
  if (!relayState) return undefined;
  let pending: PendingLogout;
  try {
    pending = JSON.parse(services.sealer.openString(relayState as SealedSecret, CONTEXT)) as PendingLogout;
  } catch {
    return undefined;
  }
  if (pending.poolId !== pool.Id || typeof pending.location !== 'string' || !(services.clock.now() < pending.expiresAt)) return undefined;
  return pending.location;
}
