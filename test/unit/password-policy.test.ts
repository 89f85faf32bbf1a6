import { describe, expect, it } from 'vitest';
import type { UserPool } from '../../src/core/pool/pools.js';
import {
  checkPasswordPolicy,
  DEFAULT_PASSWORD_POLICY,
  generateTemporaryPassword,
  passwordPolicy,
  passwordProblem,
  SYMBOLS,
} from '../../src/core/user/password-policy.js';
import { systemRandom } from '../../src/core/providers.js';

const pool = (PasswordPolicy?: NonNullable<UserPool['Policies']>['PasswordPolicy']): UserPool => ({
  Id: 'us-east-1_AbC123xyz',
  Name: 'p',
  CreationDate: 0,
  LastModifiedDate: 0,
  Policies: PasswordPolicy ? { PasswordPolicy } : undefined,
});

describe('password policy', () => {
  it("defaults to Cognito's: 8 characters and all four classes", () => {
    expect(passwordPolicy(pool())).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'Passw0rd!')).toBeUndefined();
  });

  it('reports the first broken rule in Cognito words', () => {
    const p = DEFAULT_PASSWORD_POLICY;
    expect(passwordProblem(p, 'Pa0!')).toBe('Password not long enough');
    expect(passwordProblem(p, 'password0!')).toBe('Password must have uppercase characters');
    expect(passwordProblem(p, 'PASSWORD0!')).toBe('Password must have lowercase characters');
    expect(passwordProblem(p, 'Password!!')).toBe('Password must have numeric characters');
    expect(passwordProblem(p, 'Password00')).toBe('Password must have symbol characters');
  });

  it('throws InvalidPasswordException with the policy prefix', () => {
    expect(() => checkPasswordPolicy(pool(), 'short')).toThrow(
      expect.objectContaining({ type: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' }),
    );
  });

  it('counts every one of Cognito special characters as a symbol, and nothing else', () => {
    for (const symbol of SYMBOLS) expect(passwordProblem(DEFAULT_PASSWORD_POLICY, `Passw0rd${symbol}`)).toBeUndefined();
    expect(SYMBOLS).toHaveLength(32);
    for (const other of ['é', '€', '§']) {
      expect(passwordProblem(DEFAULT_PASSWORD_POLICY, `Passw0rd${other}`)).toBe('Password must have symbol characters');
    }
  });

  it('only uses the rules a custom policy requires, and counts characters rather than code units', () => {
    const relaxed = passwordPolicy(pool({ MinimumLength: 6 }));
    expect(relaxed).toMatchObject({ MinimumLength: 6, RequireUppercase: false, RequireSymbols: false });
    expect(passwordProblem(relaxed, 'simple')).toBeUndefined();
    expect(passwordProblem(relaxed, '😀😀😀')).toBe('Password not long enough');
  });

  it('generates temporary passwords that satisfy the strictest policy', () => {
    const strict = pool({ MinimumLength: 30, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true });
    for (let i = 0; i < 50; i++) {
      const password = generateTemporaryPassword(strict, systemRandom);
      expect(password).toHaveLength(30);
      expect(passwordProblem(passwordPolicy(strict), password)).toBeUndefined();
      expect(password).toMatch(/^\S+$/);
    }
  });
});
