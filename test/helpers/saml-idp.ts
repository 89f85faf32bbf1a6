import { createPrivateKey, randomBytes } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import * as samlify from 'samlify';
import { generateSigningCertificate } from '../../src/crypto/signing-keys.js';

/**
 * A real SAML 2.0 identity provider for the tests, built with samlify: it publishes metadata, reads
 * (and checks the signature of) the AuthnRequest a redirect carries, and answers with a response
 * signed by its key (the response or the assertion), optionally with the assertion encrypted for the
 * service provider. Every field of the response can be bent, to play the attacks.
 */

// samlify refuses to run without an XML schema validator; the service under test validates, not this IdP.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export interface KeyAndCertificate {
  privateKeyPem: string;
  certificatePem: string;
}

export async function makeKeyAndCertificate(commonName: string): Promise<KeyAndCertificate> {
  const generated = await generateSigningCertificate({ commonName, now: Date.now(), serial: randomBytes(16) });
  const der = generated.certificate;
  return {
    privateKeyPem: createPrivateKey({ key: generated.privateJwk as JsonWebKey, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`,
  };
}

const attributeXml = (name: string, count: number) =>
  `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">` +
  Array.from({ length: count }, (_, i) => `<saml:AttributeValue xsi:type="xs:string">{Attr_${name}_${i}}</saml:AttributeValue>`).join('') +
  '</saml:Attribute>';

export interface ResponseOptions {
  /** The AuthnRequest answered; null for an IdP-initiated response. */
  inResponseTo: string | null;
  nameId: string;
  attributes?: Record<string, string[]>;
  audience?: string;
  recipient?: string;
  destination?: string;
  /** Epoch ms; default now + 5 min. */
  notOnOrAfter?: number;
  notBefore?: number;
  /** Which element carries the signature. */
  sign?: 'response' | 'assertion' | 'none';
  encrypt?: boolean;
  /** Another key than the one the metadata publishes. */
  signingKey?: KeyAndCertificate;
  sessionIndex?: string;
  issuer?: string;
  assertionId?: string;
}

export interface ServiceProviderView {
  entityId: string;
  acsUrl: string;
  /** The SP's encryption certificate (PEM), for encrypted assertions. */
  encryptionCertificatePem?: string;
  /** The SP's signing certificate (PEM), to check signed AuthnRequests. */
  signingCertificatePem?: string;
  /** The SP's single logout endpoint (POST binding). */
  logoutUrl?: string;
}

export class TestSamlIdp {
  readonly entityId: string;
  readonly ssoUrl: string;
  readonly sloUrl: string;

  private constructor(
    private readonly keys: KeyAndCertificate,
    options: { entityId: string; ssoUrl: string; sloUrl: string },
  ) {
    this.entityId = options.entityId;
    this.ssoUrl = options.ssoUrl;
    this.sloUrl = options.sloUrl;
  }

  static async create(options: { entityId?: string; ssoUrl?: string; sloUrl?: string } = {}): Promise<TestSamlIdp> {
    return new TestSamlIdp(await makeKeyAndCertificate('test-idp'), {
      entityId: options.entityId ?? `https://idp-${randomBytes(4).toString('hex')}.example/saml`,
      ssoUrl: options.ssoUrl ?? 'https://idp.example/sso',
      sloUrl: options.sloUrl ?? 'https://idp.example/slo',
    });
  }

  private idpSettings(keys: KeyAndCertificate = this.keys) {
    return {
      entityID: this.entityId,
      privateKey: keys.privateKeyPem,
      signingCert: keys.certificatePem,
      singleSignOnService: [{ Binding: REDIRECT, Location: this.ssoUrl }],
      singleLogoutService: [{ Binding: REDIRECT, Location: this.sloUrl }],
      nameIDFormat: [EMAIL_FORMAT],
    };
  }

  private idp(options: { signingKey?: KeyAndCertificate; encrypt?: boolean; template?: string; wantSignedRequests?: boolean } = {}) {
    return samlify.IdentityProvider({
      ...this.idpSettings(options.signingKey),
      isAssertionEncrypted: options.encrypt ?? false,
      wantAuthnRequestsSigned: options.wantSignedRequests ?? false,
      ...(options.template ? { loginResponseTemplate: { context: options.template, attributes: [] } } : {}),
    });
  }

  private sp(view: ServiceProviderView, options: { signAssertion?: boolean; encrypt?: boolean }) {
    return samlify.ServiceProvider({
      entityID: view.entityId,
      assertionConsumerService: [{ Binding: POST, Location: view.acsUrl }],
      ...(view.logoutUrl ? { singleLogoutService: [{ Binding: POST, Location: view.logoutUrl }] } : {}),
      wantAssertionsSigned: options.signAssertion ?? false,
      wantMessageSigned: !options.signAssertion,
      isAssertionEncrypted: options.encrypt ?? false,
      ...(view.encryptionCertificatePem ? { encryptCert: view.encryptionCertificatePem } : {}),
      ...(view.signingCertificatePem ? { signingCert: view.signingCertificatePem, authnRequestsSigned: true } : {}),
    });
  }

  /** The IdP's metadata, as a SAML provider's MetadataFile or MetadataURL serves it. */
  metadata(): string {
    return this.idp().getMetadata();
  }

  /**
   * Reads the AuthnRequest of a redirect to this IdP's SSO URL. With `requireSignature`, samlify
   * checks the redirect binding's signature against the SP's signing certificate.
   */
  async readAuthnRequest(
    redirectUrl: string,
    view: ServiceProviderView,
    requireSignature = false,
  ): Promise<{ id: string; relayState: string | null; issuer: string; acsUrl: string; signed: boolean; xml: string }> {
    const url = new URL(redirectUrl);
    const raw = url.search.slice(1);
    const rawPairs = Object.fromEntries(raw.split('&').map((p) => p.split('=') as [string, string]));
    // The signed octet string is the raw query's SAMLRequest, RelayState and SigAlg, in that order (saml-bindings §3.4.4.1).
    const octetString = ['SAMLRequest', 'RelayState', 'SigAlg']
      .filter((k) => rawPairs[k] !== undefined)
      .map((k) => `${k}=${rawPairs[k]}`)
      .join('&');
    const query = Object.fromEntries(url.searchParams);
    const result = await this.idp({ wantSignedRequests: requireSignature }).parseLoginRequest(this.sp(view, {}), 'redirect', { query, octetString });
    const extract = result.extract as { request: { id: string; assertionConsumerServiceUrl?: string }; issuer: string };
    const relay = url.searchParams.get('RelayState');
    return {
      id: extract.request.id,
      relayState: relay,
      issuer: extract.issuer,
      acsUrl: extract.request.assertionConsumerServiceUrl ?? '',
      signed: url.searchParams.has('Signature'),
      xml: result.samlContent,
    };
  }

  /** Reads (and checks the signature of) the LogoutRequest a redirect to this IdP's SLO URL carries. */
  async readLogoutRequest(redirectUrl: string, view: ServiceProviderView): Promise<{ id: string; nameId: string; sessionIndex: string | undefined; relayState: string | null }> {
    const url = new URL(redirectUrl);
    const rawPairs = Object.fromEntries(url.search.slice(1).split('&').map((p) => p.split('=') as [string, string]));
    const octetString = ['SAMLRequest', 'RelayState', 'SigAlg']
      .filter((k) => rawPairs[k] !== undefined)
      .map((k) => `${k}=${rawPairs[k]}`)
      .join('&');
    const idp = samlify.IdentityProvider({ ...this.idpSettings(), wantLogoutRequestSigned: true });
    const result = await idp.parseLogoutRequest(this.sp(view, {}), 'redirect', { query: Object.fromEntries(url.searchParams), octetString });
    const extract = result.extract as { request: { id: string }; nameID: string; sessionIndex?: string | string[] };
    const sessionIndex = Array.isArray(extract.sessionIndex) ? extract.sessionIndex[0] : extract.sessionIndex;
    return { id: extract.request.id, nameId: extract.nameID, sessionIndex, relayState: url.searchParams.get('RelayState') };
  }

  /** A base64 LogoutResponse (POST binding) answering a LogoutRequest. */
  logoutResponse(view: ServiceProviderView, inResponseTo: string): string {
    const context = this.idp().createLogoutResponse(this.sp(view, {}), { extract: { request: { id: inResponseTo } } }, 'post', '') as { context: string };
    return context.context;
  }

  /** A base64 SAMLResponse for the SP, built from the options. */
  async response(view: ServiceProviderView, options: ResponseOptions): Promise<string> {
    const now = Date.now();
    const attributes = options.attributes ?? {};
    const template = samlify.SamlLib.defaultLoginResponseTemplate.context
      .replace(
        '{AuthnStatement}',
        '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>',
      )
      .replace(
        '{AttributeStatement}',
        Object.keys(attributes).length === 0 ? '' : `<saml:AttributeStatement>${Object.entries(attributes).map(([n, v]) => attributeXml(n, v.length)).join('')}</saml:AttributeStatement>`,
      );
    const id = `_${randomBytes(16).toString('hex')}`;
    const values: Record<string, string | null> = {
      ID: id,
      AssertionID: options.assertionId ?? `_${randomBytes(16).toString('hex')}`,
      Destination: options.destination ?? view.acsUrl,
      Audience: options.audience ?? view.entityId,
      SubjectRecipient: options.recipient ?? view.acsUrl,
      Issuer: options.issuer ?? this.entityId,
      IssueInstant: new Date(now).toISOString(),
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: new Date(options.notBefore ?? now - 1000).toISOString(),
      ConditionsNotOnOrAfter: new Date(options.notOnOrAfter ?? now + 300_000).toISOString(),
      SubjectConfirmationDataNotOnOrAfter: new Date(options.notOnOrAfter ?? now + 300_000).toISOString(),
      NameIDFormat: EMAIL_FORMAT,
      NameID: options.nameId,
      InResponseTo: options.inResponseTo,
      SessionIndex: options.sessionIndex ?? `_session-${randomBytes(4).toString('hex')}`,
    };
    for (const [name, list] of Object.entries(attributes)) list.forEach((v, i) => (values[`Attr_${name}_${i}`] = v));
    const fill = (t: string) => ({ id, context: samlify.SamlLib.replaceTagsByValue(t, values as Record<string, string>) });
    if (options.sign === 'none') return Buffer.from(fill(template).context).toString('base64');
    const idp = this.idp({ signingKey: options.signingKey, encrypt: options.encrypt, template });
    const sp = this.sp(view, { signAssertion: options.sign === 'assertion', encrypt: options.encrypt });
    const { context } = await idp.createLoginResponse(sp, { extract: { request: { id: options.inResponseTo ?? '' } } }, 'post', { email: options.nameId }, {
      customTagReplacement: fill,
      // Encrypting first keeps the response's own signature valid over the encrypted assertion.
      encryptThenSign: true,
    });
    return context;
  }
}
