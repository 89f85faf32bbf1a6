import { samlKeyPair } from '../../keys/saml-certificates.js';
import type { UserPool } from '../../pool/pools.js';
import type { Services } from '../../services.js';
import { unusable } from '../federation/upstream-error.js';
import type { IdentityProviderDescription } from '../types.js';
import { idpMetadata } from './metadata.js';
import { defaultAcsUrl, serviceProvider } from './service-provider.js';

/**
 * SP-initiated sign-in: the IdP's SSO URL with an AuthnRequest by redirect binding (deflated, in
 * `SAMLRequest`), the sealed pending sign-in as `RelayState`, and, when the provider's
 * RequestSigningAlgorithm is rsa-sha256, `SigAlg` and `Signature` made with the pool's SAML signing
 * key (the certificate GetSigningCertificate returns). The AuthnRequest's ID is the pending sign-in's
 * requestId, which the response's InResponseTo must name.
 */
export async function samlSignInRedirect(
  services: Services,
  pool: UserPool,
  provider: IdentityProviderDescription,
  options: { requestId: string; relayState: string; /** Where the IdP is to post the response; the pool's path form by default. */ acsUrl?: string },
): Promise<string> {
  const metadata = await idpMetadata(services, provider);
  if (!metadata.ssoRedirectUrl) throw unusable(`The SAML metadata of identity provider ${provider.ProviderName} has no SingleSignOnService with the HTTP-Redirect binding.`);
  const signed = provider.ProviderDetails?.RequestSigningAlgorithm === 'rsa-sha256';
  const sp = serviceProvider({
    poolId: pool.Id,
    acsUrl: options.acsUrl ?? defaultAcsUrl(services, pool.Id),
    idpCertificates: metadata.signingCertificates,
    entryPoint: metadata.ssoRedirectUrl,
    messageId: options.requestId,
    ...(signed ? { signingKeyPem: (await samlKeyPair(services, pool.Id, 'signing')).privateKeyPem } : {}),
  });
  return sp.getAuthorizeUrlAsync(options.relayState, undefined, {});
}
