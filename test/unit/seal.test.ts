import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SealedSecret } from '../../src/crypto/seal.js';
import { Sealer } from '../../src/crypto/seal.js';

describe('Sealer', () => {
  const sealer = new Sealer(randomBytes(32));
  const sealed = sealer.seal('the secret', 'ctx');

  it('opens what it sealed, only under the same context', () => {
    expect(sealer.openString(sealed, 'ctx')).toBe('the secret');
    expect(() => sealer.openString(sealed, 'other')).toThrow();
  });

  it('refuses a sealed value with characters outside base64url, which the decoder would skip', () => {
    const [version, iv, body, tag] = sealed.split('.');
    for (const tampered of [`${version}.${iv}.é${body}.${tag}`, `${version}.${iv}.${body}.${tag}=`, ` ${sealed}`, `${sealed}\n`]) {
      expect(() => sealer.openString(tampered as SealedSecret, 'ctx'), tampered).toThrow('Malformed sealed secret');
    }
  });

  it('refuses a truncated authentication tag, which GCM would otherwise accept down to 4 bytes', () => {
    const [version, iv, body, tag] = sealed.split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => sealer.openString(`${version}.${iv}.${body}.${short}` as SealedSecret, 'ctx')).toThrow();
  });
});
