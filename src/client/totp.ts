import { Secret, TOTP } from 'otpauth';
import { configError } from './errors.js';

/** The current RFC 6238 code of a base32 secret, with Cognito's parameters (SHA-1, 6 digits, 30 s). */
export function totpCode(base32Secret: string, timestamp = Date.now()): string {
  let secret: Secret;
  try {
    secret = Secret.fromBase32(base32Secret.replace(/[\s-]/g, '').toUpperCase());
  } catch {
    throw configError('The TOTP secret is not base32');
  }
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });
}
