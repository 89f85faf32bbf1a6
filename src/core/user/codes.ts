import type { SealedSecret } from '../../crypto/seal.js';
import type { Random } from '../providers.js';
import type { Services } from '../services.js';
import type { User, UserSettings } from './users.js';

/**
 * One-time codes sent to users (forgot-password, sign-up confirmation, attribute verification), kept
 * sealed in the user's settings, one per purpose: a new code replaces the previous one.
 */

export type CodePurpose = 'forgot-password' | 'confirmation' | 'verify:email' | 'verify:phone_number';

export interface StoredCode {
  sealed: SealedSecret;
  expiresAt: number;
}

/** Cognito's codes are 6 digits. */
export const newCode = (random: Random): string => random.string(6, '0123456789');

/** Codes sent by Cognito for a password reset are valid for one hour. */
export const FORGOT_PASSWORD_CODE_TTL_MS = 60 * 60 * 1000;

const context = (user: Pick<User, 'poolId' | 'usernameKey'>, purpose: CodePurpose) =>
  `code:${user.poolId}:${user.usernameKey}:${purpose}`;

/** The user's settings with `code` stored for `purpose`. */
export function settingsWithCode(
  services: Services,
  user: Pick<User, 'poolId' | 'usernameKey' | 'settings'>,
  purpose: CodePurpose,
  code: string,
  ttlMs: number,
): UserSettings {
  const codes = { ...((user.settings.codes as Record<string, StoredCode> | undefined) ?? {}) };
  codes[purpose] = { sealed: services.sealer.seal(code, context(user, purpose)), expiresAt: services.clock.now() + ttlMs };
  return { ...user.settings, codes };
}

export type CodeCheck = 'ok' | 'mismatch' | 'expired' | 'none';

/** Compares a code the user typed with the stored one. The caller removes it once used. */
export function checkCode(services: Services, user: User, purpose: CodePurpose, code: string): CodeCheck {
  const stored = (user.settings.codes as Record<string, StoredCode> | undefined)?.[purpose];
  if (!stored) return 'none';
  if (services.clock.now() > stored.expiresAt) return 'expired';
  return services.sealer.openString(stored.sealed, context(user, purpose)) === code ? 'ok' : 'mismatch';
}

/** The user's settings without the code for `purpose`. */
export function settingsWithoutCode(user: Pick<User, 'settings'>, purpose: CodePurpose): UserSettings {
  const codes = { ...((user.settings.codes as Record<string, StoredCode> | undefined) ?? {}) };
  delete codes[purpose];
  return { ...user.settings, codes };
}
