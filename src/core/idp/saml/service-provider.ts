import { randomBytes } from 'node:crypto';
import type { SAML, SamlConfig } from '@node-saml/node-saml';
import { nodeSaml } from './libraries.js';
import { samlKeyPair } from '../../keys/saml-certificates.js';
import { poolBaseUrl } from '../../token/issuer.js';
import type { Services } from '../../services.js';

/**
 * The pool as a SAML service provider: its entity id and endpoints as Cognito names them, and the
 * node-saml instance every SAML message of the pool goes through.
 */

/** Cognito's SP entity id (the audience of assertions): `urn:amazon:cognito:sp:<poolId>`. */
export const spEntityId = (poolId: string) => `urn:amazon:cognito:sp:${poolId}`;

/** The assertion consumer service on the pool's path form, the one an AuthnRequest names unless told otherwise. */
export const defaultAcsUrl = (services: Services, poolId: string) => `${poolBaseUrl(services.settings, poolId)}/saml2/idpresponse`;
export const defaultLogoutUrl = (services: Services, poolId: string) => `${poolBaseUrl(services.settings, poolId)}/saml2/logout`;

/** Base64 DER to PEM. */
export const certificatePem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

export interface SpOptions {
  poolId: string;
  acsUrl: string;
  /** The IdP's signing certificates (base64 DER); node-saml needs at least one even to only build requests. */
  idpCertificates: string[];
  entryPoint?: string;
  logoutUrl?: string;
  /** The pool's SAML signing key, when requests are signed. */
  signingKeyPem?: string;
  /** The pool's SAML encryption key, when the IdP encrypts assertions. */
  decryptionKeyPem?: string;
  /** The AuthnRequest ID that must be answered; absent for an IdP-initiated response. */
  requestId?: string;
  logoutCallbackUrl?: string;
  /** The ID of the request this instance builds (the AuthnRequest's is the pending sign-in's requestId). */
  messageId?: string;
}

export function serviceProvider(options: SpOptions): SAML {
  const requestId = options.requestId;
  const config: SamlConfig = {
    issuer: spEntityId(options.poolId),
    callbackUrl: options.acsUrl,
    audience: spEntityId(options.poolId),
    idpCert: options.idpCertificates.length > 0 ? options.idpCertificates.map(certificatePem) : ['-'],
    ...(options.entryPoint ? { entryPoint: options.entryPoint } : {}),
    ...(options.logoutUrl ? { logoutUrl: options.logoutUrl } : {}),
    ...(options.logoutCallbackUrl ? { logoutCallbackUrl: options.logoutCallbackUrl } : {}),
    ...(options.signingKeyPem ? { privateKey: options.signingKeyPem, signatureAlgorithm: 'sha256' as const } : {}),
    ...(options.decryptionKeyPem ? { decryptionPvk: options.decryptionKeyPem } : {}),
    // The IdP chooses the NameID format; Cognito's requests do not ask for an authentication context.
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    // Either the response or the assertion must carry a valid signature (node-saml refuses neither signed).
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    // Times are checked against the service clock by response.ts, so that a pinned test clock rules them too.
    acceptedClockSkewMs: -1,
    validateInResponseTo: requestId === undefined ? nodeSaml().ValidateInResponseTo.never : nodeSaml().ValidateInResponseTo.always,
    // The one request this response may answer was carried sealed in RelayState; nothing else is remembered.
    cacheProvider: {
      saveAsync: async () => null,
      getAsync: async (key: string) => (requestId !== undefined && key === requestId ? new Date().toISOString() : null),
      removeAsync: async () => null,
    },
    // An XML ID must not start with a digit.
    generateUniqueId: () => options.messageId ?? `_${randomBytes(20).toString('hex')}`,
  };
  return new (nodeSaml().SAML)(config);
}

/**
 * The pool's SP metadata, what a SAML IdP is configured with: the entity id, the ACS (POST binding),
 * the single logout endpoint, and the signing and encryption certificates. Cognito leaves this
 * document to its users to write by hand; Cognate serves it.
 */
export async function spMetadataXml(services: Services, poolId: string, urls: { acsUrl: string; logoutUrl: string }): Promise<string> {
  const [signing, encryption] = await Promise.all([samlKeyPair(services, poolId, 'signing'), samlKeyPair(services, poolId, 'encryption')]);
  return nodeSaml().generateServiceProviderMetadata({
    issuer: spEntityId(poolId),
    callbackUrl: urls.acsUrl,
    logoutCallbackUrl: urls.logoutUrl,
    identifierFormat: null,
    // Either the response or the assertion may carry the IdP's signature.
    wantAssertionsSigned: false,
    // The keys make node-saml publish their certificates; nothing is signed here.
    privateKey: signing.privateKeyPem,
    publicCerts: certificatePem(signing.certificate),
    decryptionPvk: encryption.privateKeyPem,
    decryptionCert: certificatePem(encryption.certificate),
    generateUniqueId: () => `_${poolId}`,
  });
}
