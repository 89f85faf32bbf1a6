import type { IdentityProviderDescription } from '../types.js';

/**
 * The seams of federation, fixed first so the three parts (the federated flow with OIDC and the
 * social providers; SAML; the stand-in providers and account linking) could be built side by side.
 *
 *   /oauth2/authorize?identity_provider=X ──> PendingFederation sealed as the upstream `state`
 *   (OIDC, social) or `RelayState` (SAML) ──> provider ──> /oauth2/idpresponse | /saml2/idpresponse
 *   ──> the provider's answer validated into an ExternalAssertion ──> signInExternalUser (user
 *   <ProviderName>_<subject>, AttributeMapping, links, PreSignUp_ExternalProvider, PostAuthentication)
 *   ──> the app client's own flow finishes (SSO session, code or tokens).
 */

/** A federated sign-in in progress, between the redirect to the provider and its answer. Sealed (never readable or forgeable by the browser). */
export interface PendingFederation {
  poolId: string;
  providerName: string;
  /** The app client's authorization request, as its raw query string: re-checked when the answer comes back. */
  authorizeQuery: string;
  /** Random, one per redirect: the OIDC `nonce` sent upstream, and the SAML AuthnRequest `ID` (starts with `_`). */
  requestId: string;
  /** PKCE verifier Cognate used towards the provider, when it used PKCE. */
  codeVerifier?: string;
  /** Epoch milliseconds after which the answer is refused. */
  expiresAt: number;
}

/** What a provider proved about a person, before AttributeMapping. */
export interface ExternalAssertion {
  provider: IdentityProviderDescription;
  /** The provider's stable subject: OIDC/Google/Apple `sub`, Facebook `id`, Amazon `user_id`, SAML NameID. */
  subject: string;
  /**
   * The provider's attributes by the provider's own names (the values of AttributeMapping): OIDC and
   * social claims (non-string values JSON-encoded, booleans as "true"/"false"); SAML attribute names
   * with multiple values joined by ",".
   */
  attributes: Record<string, string>;
  /** SAML only: the IdP's SessionIndex, kept for SAML sign-out. */
  sessionIndex?: string;
}
