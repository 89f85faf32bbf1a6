import type { SelectReturnType } from 'xpath';
import { xmlDom, xpath } from './libraries.js';
import type { Services } from '../../services.js';
import { checkUpstreamUrl, UPSTREAM_TIMEOUT_MS } from '../federation/endpoints.js';
import { unusable } from '../federation/upstream-error.js';
import type { IdentityProviderDescription } from '../types.js';

/**
 * What Cognate needs from a SAML IdP's metadata (MetadataFile, or MetadataURL fetched): its entity
 * id, where to send AuthnRequests and LogoutRequests by redirect binding, and the certificates its
 * responses may be signed with (any of them, as Cognito accepts). Read again when a sign-in needs it
 * (the binding URIs Describe shows come from the read at configuration); a fetched document is kept
 * for a while.
 */
export interface IdpMetadata {
  entityId: string;
  ssoRedirectUrl?: string;
  sloRedirectUrl?: string;
  /** Base64 DER, whitespace removed. */
  signingCertificates: string[];
}

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const METADATA_TTL_MS = 10 * 60_000;
const MAX_METADATA_BYTES = 1024 * 1024;

/**
 * Fetched metadata by provider and URL: another pool (or the same provider updated since) never sees
 * a document fetched for someone else, even when a URL is reused (a loopback port, say).
 */
const fetched = new Map<string, { metadata: IdpMetadata; fetchedAt: number }>();

const strings = (value: SelectReturnType): string[] =>
  (Array.isArray(value) ? value : []).map((node) => (xpath().isAttribute(node) ? node.value : (node.textContent ?? '')));

/** Parses IdP metadata (an EntityDescriptor, or the first IdP EntityDescriptor of an EntitiesDescriptor). Throws on anything unusable. */
export function parseIdpMetadata(xml: string): IdpMetadata {
  let failed = false;
  const doc = new (xmlDom().DOMParser)({
    errorHandler: {
      warning: () => undefined,
      error: () => {
        failed = true;
      },
      fatalError: () => {
        failed = true;
      },
    },
  }).parseFromString(xml, 'text/xml');
  if (failed || !doc?.documentElement) throw new Error('the metadata is not well-formed XML');
  const entity = xpath().select1(
    "(//*[local-name()='EntityDescriptor'][*[local-name()='IDPSSODescriptor']])[1]",
    doc as unknown as Node,
  );
  if (!entity || !xpath().isElement(entity)) throw new Error('the metadata has no IDPSSODescriptor');
  const entityId = entity.getAttribute('entityID');
  if (!entityId) throw new Error('the metadata has no entityID');
  const idp = "*[local-name()='IDPSSODescriptor']";
  const location = (service: string) =>
    strings(xpath().select(`${idp}/*[local-name()='${service}'][@Binding='${REDIRECT_BINDING}']/@Location`, entity))[0];
  const certificates = strings(
    xpath().select(
      `${idp}/*[local-name()='KeyDescriptor'][not(@use) or @use='signing']//*[local-name()='X509Certificate']`,
      entity,
    ),
  )
    .map((c) => c.replace(/\s+/g, ''))
    .filter((c) => c !== '');
  const sso = location('SingleSignOnService');
  const slo = location('SingleLogoutService');
  return {
    entityId,
    ...(sso ? { ssoRedirectUrl: sso } : {}),
    ...(slo ? { sloRedirectUrl: slo } : {}),
    signingCertificates: [...new Set(certificates)],
  };
}

async function fetchMetadata(services: Services, url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.text();
  if (body.length > MAX_METADATA_BYTES) throw new Error('the metadata is too large');
  services.log.info({ url }, 'SAML metadata fetched');
  return body;
}

/**
 * The metadata as CreateIdentityProvider and UpdateIdentityProvider read it, as Cognito does, to
 * show its binding URIs: a MetadataFile must parse (else the error's message says why). A MetadataURL
 * that cannot be fetched now gives undefined, the document then read at sign-in, so that a provider
 * can be configured before its IdP is up; one that answers must serve usable metadata.
 */
export async function metadataAtConfiguration(services: Services, details: Record<string, string>): Promise<IdpMetadata | undefined> {
  if (details.MetadataFile) return parseIdpMetadata(details.MetadataFile);
  let xml: string;
  try {
    xml = await fetchMetadata(services, checkUpstreamUrl(details.MetadataURL, 'metadata URL'));
  } catch (error) {
    services.log.info({ url: details.MetadataURL, reason: (error as Error).message }, 'SAML metadata not fetched at configuration; read at sign-in');
    return undefined;
  }
  return parseIdpMetadata(xml);
}

/** The provider's metadata; an upstream error (sent to the app as an OAuth error) when it cannot be read. */
export async function idpMetadata(services: Services, provider: IdentityProviderDescription): Promise<IdpMetadata> {
  const details = provider.ProviderDetails ?? {};
  const name = provider.ProviderName;
  try {
    if (details.MetadataFile) return parseIdpMetadata(details.MetadataFile);
    const url = checkUpstreamUrl(details.MetadataURL, 'metadata URL');
    const now = services.clock.now();
    const key = [provider.UserPoolId, name, provider.LastModifiedDate?.getTime(), url].join('\n');
    const cached = fetched.get(key);
    if (cached && now >= cached.fetchedAt && now - cached.fetchedAt < METADATA_TTL_MS) return cached.metadata;
    const metadata = parseIdpMetadata(await fetchMetadata(services, url));
    fetched.set(key, { metadata, fetchedAt: now });
    return metadata;
  } catch (error) {
    services.log.warn({ provider: name, reason: (error as Error).message }, 'SAML metadata unusable');
    throw unusable(`The SAML metadata of identity provider ${name} could not be read.`);
  }
}
