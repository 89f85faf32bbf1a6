import { createHash, generateKeyPair as generateNodeKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';

const generateKeyPairAsync = promisify(generateNodeKeyPair);

export interface GeneratedKey {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

/**
 * A fresh RS256 key. The `kid` is the base64 (with padding) of a SHA-256 over the modulus,
 * shaped like the kids Cognito publishes.
 */
export async function generateSigningKey(): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const pub = publicKey.export({ format: 'jwk' }) as JWK;
  const priv = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = createHash('sha256').update(pub.n!).digest('base64');
  return {
    kid,
    publicJwk: { alg: 'RS256', e: pub.e, kid, kty: 'RSA', n: pub.n, use: 'sig' },
    privateJwk: { ...priv, alg: 'RS256', kid },
  };
}

export interface GeneratedCertificate {
  /** The certificate, DER in base64 without PEM armour, as GetSigningCertificate returns it. */
  certificate: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600 * 1000;

/**
 * A fresh RSA key and a self-signed X.509 certificate over it, valid for ten years from `now` like
 * the SAML signing certificates Cognito issues. The key comes from OpenSSL; node-forge only builds
 * and signs the certificate, since Node can parse X.509 but not issue it. node-forge rather than
 * @peculiar/x509: it has no dependencies, while @peculiar/x509 needs a process-wide reflect-metadata
 * polyfill; its pure-JavaScript RSA is slow, but it signs once per pool.
 */
export async function generateSigningCertificate(options: {
  commonName: string;
  now: number;
  serial: Buffer;
  /** What the key is for: signing (the default) or receiving encrypted content (SAML assertions). */
  keyUsage?: 'signing' | 'encryption';
}): Promise<GeneratedCertificate> {
  // Loaded here, not at start: only SAML providers and SAML-enabled pools need certificates.
  const { default: forge } = await import('node-forge');
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: the leading zero nibble keeps the DER INTEGER from reading as negative.
  cert.serialNumber = `0${options.serial.toString('hex').slice(1)}`;
  cert.validity.notBefore = new Date(options.now);
  cert.validity.notAfter = new Date(options.now + TEN_YEARS_MS);
  const name = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    options.keyUsage === 'encryption'
      ? { name: 'keyUsage', critical: true, keyEncipherment: true, dataEncipherment: true }
      : { name: 'keyUsage', critical: true, digitalSignature: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  const certificate = forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  const pub = publicKey.export({ format: 'jwk' });
  return {
    certificate,
    // RFC 7517's x5c carries the certificate next to the key it certifies.
    publicJwk: { kty: 'RSA', n: pub.n, e: pub.e, ...(options.keyUsage === 'encryption' ? { use: 'enc' } : { alg: 'RS256', use: 'sig' }), x5c: [certificate] },
    privateJwk: privateKey.export({ format: 'jwk' }) as JWK,
  };
}
