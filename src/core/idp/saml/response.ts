import type { Profile } from '@node-saml/node-saml';
import { deleteExpiredAssertionIds, saveSamlSession, useAssertionId } from '../../../store/saml.js';
import { samlKeyPair } from '../../keys/saml-certificates.js';
import type { UserPool } from '../../pool/pools.js';
import type { Services } from '../../services.js';
import type { ExternalAssertion } from '../federation/contract.js';
import { UpstreamError } from '../federation/upstream-error.js';
import type { IdentityProviderDescription } from '../types.js';
import { xmlDom, xpath } from './libraries.js';
import { idpMetadata } from './metadata.js';
import { serviceProvider } from './service-provider.js';

/**
 * A SAML response posted to /saml2/idpresponse, checked before anyone is signed in: the signature
 * (the response's or the assertion's, by a certificate of the IdP's metadata; node-saml verifies it
 * and hands back only what the signature covers), the issuer, the audience
 * (`urn:amazon:cognito:sp:<poolId>`), the recipient and destination (this endpoint), InResponseTo (the
 * AuthnRequest this sign-in sent, or none for an IdP-initiated sign-in), the time window, and that
 * the assertion was never used before. Encrypted assertions are decrypted with the pool's SAML
 * encryption key; with EncryptedResponses "true", a plain assertion is refused.
 */

/** Cognito's words for any SAML response it refuses; the reason is logged, never sent. */
export const INVALID_SAML_RESPONSE = 'Invalid samlResponse or relayState from identity provider';
/** Clocks of the IdP and Cognate may differ by this much. */
export const CLOCK_SKEW_MS = 60_000;
/** Cognito accepts SAML responses of up to 100,000 characters. */
export const MAX_SAML_RESPONSE_CHARS = 100_000;

export class SamlRejection extends UpstreamError {
  constructor(readonly reason: string) {
    super('invalid_request', INVALID_SAML_RESPONSE);
    this.name = 'SamlRejection';
  }
}

export interface SamlResponseInput {
  /** The form's SAMLResponse: base64 of the response XML. */
  samlResponse: string;
  /** This endpoint's own URL, which Destination and Recipient must name. */
  acsUrl: string;
  /** The AuthnRequest ID the response must answer; undefined for an IdP-initiated response. */
  requestId: string | undefined;
}

const one = <T>(value: T[] | T | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);

type Parsed = Record<string, unknown> & { $?: Record<string, string>; _?: string };
const list = (value: unknown): Parsed[] => (Array.isArray(value) ? (value as Parsed[]) : []);

function instant(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SamlRejection(`${what} is not a time`);
  return ms;
}

/** The time window of the conditions and of the bearer confirmation; returns the end of the assertion's validity. */
function checkWindow(now: number, window: { NotBefore?: string; NotOnOrAfter?: string } | undefined, what: string): number | undefined {
  const notBefore = instant(window?.NotBefore, `${what} NotBefore`);
  const notOnOrAfter = instant(window?.NotOnOrAfter, `${what} NotOnOrAfter`);
  if (notBefore !== undefined && now + CLOCK_SKEW_MS < notBefore) throw new SamlRejection(`${what} is not yet valid`);
  if (notOnOrAfter !== undefined && now - CLOCK_SKEW_MS >= notOnOrAfter) throw new SamlRejection(`${what} has expired`);
  return notOnOrAfter;
}

/** What the unsigned envelope says; only Destination and InResponseTo are read from it, and both are checked against what was expected. */
function envelope(xml: string): { destination?: string; inResponseTo?: string; encrypted: boolean } {
  let failed = false;
  const doc = new (xmlDom().DOMParser)({ errorHandler: { warning: () => undefined, error: () => (failed = true), fatalError: () => (failed = true) } }).parseFromString(xml, 'text/xml');
  const root = doc?.documentElement;
  if (failed || !root || root.localName !== 'Response' || root.namespaceURI !== 'urn:oasis:names:tc:SAML:2.0:protocol') throw new SamlRejection('not a SAML Response');
  const destination = root.getAttribute('Destination') || undefined;
  const inResponseTo = root.getAttribute('InResponseTo') || undefined;
  const encrypted = xpath().select("./*[local-name()='EncryptedAssertion']", root as unknown as Node) as Node[];
  return { ...(destination ? { destination } : {}), ...(inResponseTo ? { inResponseTo } : {}), encrypted: encrypted.length > 0 };
}

/** SAML attribute values by attribute name, several values joined by "," (ExternalAssertion's contract). */
function attributesOf(profile: Profile): Record<string, string> {
  const out: Record<string, string> = {};
  const given = (profile.attributes ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) out[name] = values.join(',');
  }
  return out;
}

/** Checks a posted SAML response for the provider; the person it asserts, or a SamlRejection. */
export async function validateSamlResponse(
  services: Services,
  pool: UserPool,
  provider: IdentityProviderDescription,
  input: SamlResponseInput,
): Promise<ExternalAssertion> {
  if (input.samlResponse.length > MAX_SAML_RESPONSE_CHARS) throw new SamlRejection('the response is too long');
  const xml = Buffer.from(input.samlResponse, 'base64').toString('utf8');
  const outer = envelope(xml);
  const details = provider.ProviderDetails ?? {};
  const encryptedResponses = details.EncryptedResponses === 'true';
  if (encryptedResponses && !outer.encrypted) throw new SamlRejection('the assertion is not encrypted');
  if (outer.destination !== undefined && outer.destination !== input.acsUrl) throw new SamlRejection(`the response is for ${outer.destination}`);
  if (input.requestId === undefined && outer.inResponseTo !== undefined) throw new SamlRejection('an IdP-initiated response answers a request');

  const metadata = await idpMetadata(services, provider);
  if (metadata.signingCertificates.length === 0) throw new SamlRejection('the metadata has no signing certificate');
  const sp = serviceProvider({
    poolId: pool.Id,
    acsUrl: input.acsUrl,
    idpCertificates: metadata.signingCertificates,
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
    ...(outer.encrypted ? { decryptionKeyPem: (await samlKeyPair(services, pool.Id, 'encryption')).privateKeyPem } : {}),
  });
  let profile: Profile | null;
  try {
    ({ profile } = await sp.validatePostResponseAsync({ SAMLResponse: input.samlResponse }));
  } catch (error) {
    throw new SamlRejection((error as Error).message);
  }
  if (!profile) throw new SamlRejection('the response carries no assertion');

  // From here on, only the signed (and decrypted) assertion is read.
  const assertion = (profile.getAssertion?.() as { Assertion?: Parsed } | undefined)?.Assertion;
  if (!assertion) throw new SamlRejection('the response carries no assertion');
  if (profile.issuer !== metadata.entityId) throw new SamlRejection(`the assertion was issued by ${profile.issuer ?? 'nobody'}`);
  const now = services.clock.now();
  const conditions = one(list(assertion.Conditions));
  let expiresAt = checkWindow(now, conditions?.$, 'the assertion');
  const bearer = list(one(list(assertion.Subject))?.SubjectConfirmation).filter((c) => c.$?.Method === 'urn:oasis:names:tc:SAML:2.0:cm:bearer');
  const confirmation = bearer.map((c) => one(list(c.SubjectConfirmationData))?.$).find((data) => data?.Recipient === input.acsUrl);
  if (!confirmation) throw new SamlRejection('no bearer confirmation names this endpoint as its recipient');
  const confirmationEnd = checkWindow(now, confirmation, 'the subject confirmation');
  if ((confirmation.InResponseTo ?? undefined) !== input.requestId) throw new SamlRejection('the subject confirmation answers another request');
  if (confirmationEnd !== undefined) expiresAt = expiresAt === undefined ? confirmationEnd : Math.min(expiresAt, confirmationEnd);
  if (expiresAt === undefined) throw new SamlRejection('the assertion never expires');
  const assertionId = assertion.$?.ID;
  if (!assertionId) throw new SamlRejection('the assertion has no ID');
  if (!profile.nameID) throw new SamlRejection('the assertion has no NameID');

  await deleteExpiredAssertionIds(services.store.db, now - CLOCK_SKEW_MS);
  if (!(await useAssertionId(services.store.db, pool.Id, assertionId, expiresAt + CLOCK_SKEW_MS))) throw new SamlRejection('the assertion was used before');

  // Kept for single logout: the LogoutRequest names the NameID and SessionIndex of this session.
  await saveSamlSession(services.store.db, {
    pool_id: pool.Id,
    provider_name: provider.ProviderName!,
    name_id: profile.nameID,
    name_id_format: profile.nameIDFormat ?? null,
    session_index: profile.sessionIndex ?? null,
    created_at: now,
  });
  return {
    provider,
    subject: profile.nameID,
    attributes: attributesOf(profile),
    ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}),
  };
}
