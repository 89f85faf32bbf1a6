import { CreateIdentityProviderCommand, CreateUserPoolCommand, GetSigningCertificateCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { describeIdentityProvider } from '../../src/core/idp/identity-providers.js';
import { parseIdpMetadata } from '../../src/core/idp/saml/metadata.js';
import { SamlRejection, validateSamlResponse } from '../../src/core/idp/saml/response.js';
import { defaultAcsUrl, defaultLogoutUrl, spEntityId, spMetadataXml } from '../../src/core/idp/saml/service-provider.js';
import { samlSignInRedirect } from '../../src/core/idp/saml/sign-in-request.js';
import { getPool } from '../../src/core/pool/pools.js';
import { forEachEngine } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import type { ServiceProviderView } from '../helpers/saml-idp.js';
import { makeKeyAndCertificate, TestSamlIdp } from '../helpers/saml-idp.js';

const pem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/** The certificates of the SP metadata, by use, as an IdP administrator would copy them. */
function certificatesOf(metadata: string): { signing?: string; encryption?: string } {
  const out: { signing?: string; encryption?: string } = {};
  for (const m of metadata.matchAll(/<KeyDescriptor use="(signing|encryption)">[\s\S]*?<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g))
    out[m[1] as 'signing' | 'encryption'] = pem(m[2]!.replace(/\s+/g, ''));
  return out;
}

async function setup(server: TestServer, details: Record<string, string> = {}) {
  const { UserPool } = await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'saml' }));
  const poolId = UserPool!.Id!;
  const idp = await TestSamlIdp.create();
  await server.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: idp.metadata(), ...details },
      AttributeMapping: { email: 'email' },
    }),
  );
  const services = server.services;
  const pool = await getPool(services, poolId);
  const provider = await describeIdentityProvider(services, poolId, 'Corp');
  const acsUrl = defaultAcsUrl(services, poolId);
  const certs = certificatesOf(await spMetadataXml(services, poolId, { acsUrl, logoutUrl: defaultLogoutUrl(services, poolId) }));
  const view: ServiceProviderView = { entityId: spEntityId(poolId), acsUrl, encryptionCertificatePem: certs.encryption, signingCertificatePem: certs.signing };
  const validate = (samlResponse: string, requestId: string | undefined) => validateSamlResponse(services, pool, provider, { samlResponse, acsUrl, requestId });
  return { poolId, idp, pool, provider, view, acsUrl, validate, services };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SamlRejection);
  expect((error as SamlRejection).description).toBe('Invalid samlResponse or relayState from identity provider');
  return (error as SamlRejection).reason;
}

describe('SAML metadata', () => {
  it('reads the entity id, the redirect-binding SSO and SLO URLs and the signing certificate', async () => {
    const idp = await TestSamlIdp.create({ entityId: 'https://idp.corp/saml', ssoUrl: 'https://idp.corp/sso', sloUrl: 'https://idp.corp/slo' });
    const metadata = parseIdpMetadata(idp.metadata());
    expect(metadata).toMatchObject({ entityId: 'https://idp.corp/saml', ssoRedirectUrl: 'https://idp.corp/sso', sloRedirectUrl: 'https://idp.corp/slo' });
    expect(metadata.signingCertificates).toHaveLength(1);
    expect(metadata.signingCertificates[0]).toMatch(/^MII[A-Za-z0-9+/=]+$/);
  });

  it('refuses what is not IdP metadata', () => {
    expect(() => parseIdpMetadata('<md/>')).toThrow(/IDPSSODescriptor/);
    expect(() => parseIdpMetadata('<not xml')).toThrow();
  });
});

forEachEngine('SAML sign-in request and response validation', (server) => {
  it('builds a signed AuthnRequest by redirect binding that the IdP verifies with GetSigningCertificate', async () => {
    const { poolId, idp, pool, provider, view, acsUrl, services } = await setup(server(), { RequestSigningAlgorithm: 'rsa-sha256' });
    const url = await samlSignInRedirect(services, pool, provider, { requestId: '_req1', relayState: 'sealed-state' });
    expect(url.startsWith(`${idp.ssoUrl}?`)).toBe(true);
    const { Certificate } = await server().cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    expect(pem(Certificate!)).toBe(view.signingCertificatePem);
    const request = await idp.readAuthnRequest(url, view, true);
    expect(request).toMatchObject({ id: '_req1', relayState: 'sealed-state', issuer: `urn:amazon:cognito:sp:${poolId}`, acsUrl, signed: true });
    // Another key's signature is refused by the IdP.
    const other = await makeKeyAndCertificate('other');
    await expect(idp.readAuthnRequest(url, { ...view, signingCertificatePem: other.certificatePem }, true)).rejects.toThrow();
  });

  it('sends an unsigned AuthnRequest without RequestSigningAlgorithm', async () => {
    const { idp, pool, provider, view, services } = await setup(server());
    const url = await samlSignInRedirect(services, pool, provider, { requestId: '_req2', relayState: 'x' });
    const request = await idp.readAuthnRequest(url, view);
    expect(request.signed).toBe(false);
    expect(request.id).toBe('_req2');
  });

  it('accepts a signed response and yields the NameID, the attributes and the session index', async () => {
    const { idp, view, validate } = await setup(server());
    const response = await idp.response(view, {
      inResponseTo: '_r1',
      nameId: 'jane@corp.example',
      attributes: { email: ['jane@corp.example'], groups: ['admins', 'staff'] },
      sessionIndex: '_s1',
      sign: 'response',
    });
    const assertion = await validate(response, '_r1');
    expect(assertion.subject).toBe('jane@corp.example');
    expect(assertion.attributes).toEqual({ email: 'jane@corp.example', groups: 'admins,staff' });
    expect(assertion.sessionIndex).toBe('_s1');
    expect(assertion.provider.ProviderName).toBe('Corp');
  });

  it('accepts an assertion signed on its own, and an encrypted one with EncryptedResponses', async () => {
    const plain = await setup(server());
    const signedAssertion = await plain.idp.response(plain.view, { inResponseTo: '_r2', nameId: 'a@corp.example', sign: 'assertion' });
    expect((await plain.validate(signedAssertion, '_r2')).subject).toBe('a@corp.example');

    const encrypted = await setup(server(), { EncryptedResponses: 'true' });
    for (const sign of ['assertion', 'response'] as const) {
      const response = await encrypted.idp.response(encrypted.view, { inResponseTo: `_e-${sign}`, nameId: `${sign}@corp.example`, sign, encrypt: true, attributes: { email: ['e@corp.example'] } });
      expect(Buffer.from(response, 'base64').toString()).toContain('EncryptedAssertion');
      const assertion = await encrypted.validate(response, `_e-${sign}`);
      expect(assertion.subject).toBe(`${sign}@corp.example`);
      expect(assertion.attributes.email).toBe('e@corp.example');
    }
    // With EncryptedResponses, a plain assertion is refused; without it, an encrypted one is.
    const notEncrypted = await encrypted.idp.response(encrypted.view, { inResponseTo: '_e3', nameId: 'p@corp.example', sign: 'response' });
    expect(await rejection(encrypted.validate(notEncrypted, '_e3'))).toMatch(/not encrypted/);
  });

  it('accepts an IdP-initiated response without InResponseTo, and refuses one that answers a request', async () => {
    const { idp, view, validate } = await setup(server(), { IDPInit: 'true' });
    const unsolicited = await idp.response(view, { inResponseTo: null, nameId: 'idp@corp.example', sign: 'response' });
    expect((await validate(unsolicited, undefined)).subject).toBe('idp@corp.example');
    const solicited = await idp.response(view, { inResponseTo: '_x', nameId: 'idp@corp.example', sign: 'response' });
    expect(await rejection(validate(solicited, undefined))).toMatch(/answers a request/);
  });

  it('refuses a replayed response', async () => {
    const { idp, view, validate } = await setup(server());
    const response = await idp.response(view, { inResponseTo: '_r3', nameId: 'j@corp.example', sign: 'response' });
    await validate(response, '_r3');
    expect(await rejection(validate(response, '_r3'))).toMatch(/used before/);
  });

  it('refuses an assertion for another audience', async () => {
    const { idp, view, validate } = await setup(server());
    const response = await idp.response(view, { inResponseTo: '_r4', nameId: 'j@corp.example', sign: 'response', audience: 'urn:amazon:cognito:sp:us-east-1_other' });
    expect(await rejection(validate(response, '_r4'))).toMatch(/audience/);
  });

  it('refuses an unsigned response', async () => {
    const { idp, view, validate } = await setup(server());
    const response = await idp.response(view, { inResponseTo: '_r5', nameId: 'j@corp.example', sign: 'none' });
    expect(await rejection(validate(response, '_r5'))).toMatch(/signature/i);
  });

  it('refuses a response to another request', async () => {
    const { idp, view, validate } = await setup(server());
    const response = await idp.response(view, { inResponseTo: '_someone-else', nameId: 'j@corp.example', sign: 'response' });
    expect(await rejection(validate(response, '_r6'))).toMatch(/InResponseTo/);
  });

  it('refuses an expired assertion and one not yet valid', async () => {
    const { idp, view, validate } = await setup(server());
    const expired = await idp.response(view, { inResponseTo: '_r7', nameId: 'j@corp.example', sign: 'response', notBefore: Date.now() - 3_600_000, notOnOrAfter: Date.now() - 600_000 });
    expect(await rejection(validate(expired, '_r7'))).toMatch(/expired/);
    const early = await idp.response(view, { inResponseTo: '_r8', nameId: 'j@corp.example', sign: 'response', notBefore: Date.now() + 600_000 });
    expect(await rejection(validate(early, '_r8'))).toMatch(/not yet valid/);
  });

  it('refuses a response signed by another key', async () => {
    const { idp, view, validate } = await setup(server());
    const other = await makeKeyAndCertificate('attacker');
    for (const sign of ['response', 'assertion'] as const) {
      const response = await idp.response(view, { inResponseTo: '_r9', nameId: 'j@corp.example', sign, signingKey: other });
      expect(await rejection(validate(response, '_r9'))).toMatch(/signature/i);
    }
  });

  it('refuses a response for another recipient, destination or issuer', async () => {
    const { idp, view, validate } = await setup(server());
    const recipient = await idp.response(view, { inResponseTo: '_ra', nameId: 'j@corp.example', sign: 'response', recipient: 'https://evil.example/saml2/idpresponse' });
    expect(await rejection(validate(recipient, '_ra'))).toMatch(/recipient/);
    const destination = await idp.response(view, { inResponseTo: '_rb', nameId: 'j@corp.example', sign: 'response', destination: 'https://evil.example/acs' });
    expect(await rejection(validate(destination, '_rb'))).toMatch(/evil/);
    const issuer = await idp.response(view, { inResponseTo: '_rc', nameId: 'j@corp.example', sign: 'response', issuer: 'https://other-idp.example' });
    expect(await rejection(validate(issuer, '_rc'))).toMatch(/issued by/);
  });

  it('refuses what is not a SAML response', async () => {
    const { validate } = await setup(server());
    expect(await rejection(validate(Buffer.from('<html/>').toString('base64'), '_r'))).toMatch(/not a SAML Response/);
    expect(await rejection(validate('!!!', '_r'))).toMatch(/not a SAML Response/);
  });
});
