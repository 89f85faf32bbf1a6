import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { matchTotp, totpCode, totpSecretFrom, totpStepAt } from '../../src/crypto/totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = totpSecretFrom(Buffer.from('12345678901234567890', 'ascii'));
const at = (seconds: number) => seconds * 1000;

describe('TOTP', () => {
  it('gives the RFC 6238 SHA-1 test vectors, truncated to 6 digits as authenticator apps show them', () => {
    expect(totpCode(RFC_SECRET, at(59))).toBe('287082');
    expect(totpCode(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(totpCode(RFC_SECRET, at(1234567890))).toBe('005924');
    expect(totpCode(RFC_SECRET, at(20000000000))).toBe('353130');
  });

  it('makes 32-character base32 secrets that other TOTP implementations read the same way', () => {
    const secret = totpSecretFrom(Buffer.alloc(20, 7));
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    expect(totpCode(secret, at(1_700_000_000))).toBe(app.generate({ timestamp: at(1_700_000_000) }));
  });

  it('accepts the current step and one step either side, and tells which step matched', () => {
    const now = at(1_700_000_015);
    const step = totpStepAt(now);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBeUndefined();
  });

  it('refuses anything that is not six digits', () => {
    const now = at(1_700_000_000);
    const code = totpCode(RFC_SECRET, now);
    expect(matchTotp(RFC_SECRET, ` ${code}`, now)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, code.slice(1), now)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, 'abcdef', now)).toBeUndefined();
  });
});
