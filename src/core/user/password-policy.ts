import type { PasswordPolicy } from '../pool/types.js';
import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Random } from '../providers.js';

export type EffectivePasswordPolicy = Required<
  Pick<PasswordPolicy, 'MinimumLength' | 'RequireUppercase' | 'RequireLowercase' | 'RequireNumbers' | 'RequireSymbols' | 'TemporaryPasswordValidityDays'>
>;

/** Cognito's default when a pool has no password policy: 8 characters, all four classes, 7-day temporary passwords. */
export const DEFAULT_PASSWORD_POLICY: EffectivePasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

export function passwordPolicy(pool: UserPool): EffectivePasswordPolicy {
  const p = pool.Policies?.PasswordPolicy;
  if (!p) return DEFAULT_PASSWORD_POLICY;
  return {
    MinimumLength: p.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength,
    RequireUppercase: p.RequireUppercase ?? false,
    RequireLowercase: p.RequireLowercase ?? false,
    RequireNumbers: p.RequireNumbers ?? false,
    RequireSymbols: p.RequireSymbols ?? false,
    // 0 means "the default" in Cognito's API.
    TemporaryPasswordValidityDays: p.TemporaryPasswordValidityDays || DEFAULT_PASSWORD_POLICY.TemporaryPasswordValidityDays,
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** The special characters Cognito counts as symbols. */
export const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-';

const has = (password: string, alphabet: string) => [...password].some((c) => alphabet.includes(c));

/** The first rule the password breaks, in Cognito's words, or undefined when it conforms. */
export function passwordProblem(policy: EffectivePasswordPolicy, password: string): string | undefined {
  // Cognito counts characters, not UTF-16 code units.
  if ([...password].length < policy.MinimumLength) return 'Password not long enough';
  if (policy.RequireUppercase && !has(password, UPPER)) return 'Password must have uppercase characters';
  if (policy.RequireLowercase && !has(password, LOWER)) return 'Password must have lowercase characters';
  if (policy.RequireNumbers && !has(password, DIGITS)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !has(password, SYMBOLS)) return 'Password must have symbol characters';
  return undefined;
}

/** Throws Cognito's InvalidPasswordException when the password breaks the pool's policy. */
export function checkPasswordPolicy(pool: UserPool, password: string): void {
  const problem = passwordProblem(passwordPolicy(pool), password);
  if (problem) throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${problem}`);
}

// Symbols that survive being pasted into a shell, an e-mail or a URL unchanged.
const SAFE_SYMBOLS = '!#%*+-.=?^_~';

/**
 * A temporary password that satisfies the pool's policy: one character from every class (required
 * or not, so it also satisfies any policy the pool is later changed to), the rest mixed, shuffled.
 */
export function generateTemporaryPassword(pool: UserPool, random: Random): string {
  const length = Math.max(12, passwordPolicy(pool).MinimumLength);
  const all = UPPER + LOWER + DIGITS + SAFE_SYMBOLS;
  const chars = [
    random.string(1, UPPER),
    random.string(1, LOWER),
    random.string(1, DIGITS),
    random.string(1, SAFE_SYMBOLS),
    ...random.string(length - 4, all),
  ];
  // Fisher-Yates with the injected randomness, so the class characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random.bytes(4).readUInt32BE(0) % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
