import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as Cognito's authenticator-app MFA uses it: RFC 6238, HMAC-SHA-1, 6 digits, 30-second steps,
 * secrets handed to the user in base32.
 */
const PERIOD_S = 30;
const DIGITS = 6;

/** 20 random bytes (the RFC 4226 recommended 160 bits), as the 32 base32 characters apps expect. */
export function totpSecretFrom(bytes: Buffer): string {
  return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}

const totp = (secretBase32: string) => new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: DIGITS, period: PERIOD_S });

/** The time step (counter) a moment falls in. */
export const totpStepAt = (nowMs: number): number => Math.floor(nowMs / 1000 / PERIOD_S);

/**
 * The time step `code` belongs to, when it is the code of the current step or an adjacent one
 * (clock drift and typing time, as RFC 6238 §5.2 allows); `undefined` otherwise.
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp(secretBase32).validate({ token: code, timestamp: nowMs, window: 1 });
  return delta === null ? undefined : totpStepAt(nowMs) + delta;
}

/** The code an authenticator app shows at `nowMs`. */
export const totpCode = (secretBase32: string, nowMs: number): string => totp(secretBase32).generate({ timestamp: nowMs });
