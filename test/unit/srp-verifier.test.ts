import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword } from '../../src/crypto/password.js';
import { computeVerifier, computeX, g, hexHash, k, modPowN, N, N_HEX, padHex } from '../../src/crypto/srp.js';
import { poolNameOf } from '../../src/core/ids.js';

interface Vector {
  description: string;
  poolId: string;
  userIdForSrp: string;
  password: string;
  SALT: string;
  k: string;
  x: string;
  verifier: string;
}

const vectors = (JSON.parse(readFileSync(new URL('../fixtures/srp-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] })
  .vectors;

/** Square-and-multiply in BigInt: slow, but obviously right, to check the OpenSSL path against. */
function slowModPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % N;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}

describe('padHex', () => {
  it('makes the hex even-length with a leading 0', () => {
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(1n)).toBe('01');
    expect(padHex(0n)).toBe('00');
  });

  it('prepends 00 when the high bit of the first byte is set', () => {
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xffn)).toBe('00ff');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(N).startsWith('00ffffffff')).toBe(true);
    expect(padHex(g)).toBe('02');
  });

  it('drops leading zero bytes of hex input as a BigInteger would, then pads again', () => {
    expect(padHex('006712fe')).toBe('6712fe');
    expect(padHex('0000')).toBe('00');
    expect(padHex('00f0615e')).toBe('00f0615e');
    expect(padHex('000f0615e')).toBe('00f0615e');
    expect(padHex('E2F7')).toBe('00e2f7');
  });

  it('rejects what is not a non-negative hex number', () => {
    expect(() => padHex(-1n)).toThrow();
    expect(() => padHex('xyz')).toThrow();
  });
});

describe('SRP constants', () => {
  it('uses the RFC 5054 3072-bit group with g = 2', () => {
    expect(N_HEX).toHaveLength(768);
    expect(N.toString(2)).toHaveLength(3072);
    expect(g).toBe(2n);
  });

  it('computes k as H(padHex(N) | padHex(g)), as the vectors do', () => {
    expect(k.toString(16)).toBe(vectors[0]!.k);
    expect(hexHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('verifier', () => {
  for (const v of vectors) {
    it(`matches amazon-cognito-identity-js: ${v.description}`, () => {
      const poolName = poolNameOf(v.poolId);
      expect(BigInt(`0x${computeX(poolName, v.userIdForSrp, v.password, v.SALT)}`)).toBe(BigInt(`0x${v.x}`));
      expect(computeVerifier(poolName, v.userIdForSrp, v.password, v.SALT)).toBe(v.verifier);
    });
  }

  it('computes g^x mod N through OpenSSL the same as BigInt arithmetic', () => {
    for (const [base, exponent] of [
      [2n, 0x1234567890abcdefn],
      // The size of x (a SHA-256), as every verifier has.
      [2n, BigInt(`0x${'f3'.repeat(32)}`)],
      [2n, (1n << 255n) + 0x5a5a5an],
      [3n, (1n << 130n) + 17n],
      [N - 1n, 3n],
      [N - 1n, 4n],
      [N - 2n, 5n],
      [1n, 7n],
      [0x80n, (1n << 200n) - 5n],
    ] as const) {
      expect(modPowN(base, exponent)).toBe(slowModPow(base, exponent).toString(16));
    }
    expect(modPowN(5n, 0n)).toBe('1');
    expect(modPowN(N, 5n)).toBe('0');
  });
});

describe('hashPassword and checkPassword', () => {
  const owner = { poolName: 'AbC123xyz', username: 'alice' };
  const bytes = (n: number) => Buffer.alloc(n, 0x9c);

  it('round-trips: the right password checks, another does not', () => {
    const stored = hashPassword(owner, 'Passw0rd!', bytes);
    expect(stored.salt).toBe('9c'.repeat(16));
    expect(stored.verifier).toBe(computeVerifier(owner.poolName, owner.username, 'Passw0rd!', stored.salt));
    expect(checkPassword(owner, 'Passw0rd!', stored)).toBe(true);
    expect(checkPassword(owner, 'Passw0rd?', stored)).toBe(false);
  });

  it('binds the verifier to the pool and the username', () => {
    const stored = hashPassword(owner, 'Passw0rd!', bytes);
    expect(checkPassword({ ...owner, username: 'bob' }, 'Passw0rd!', stored)).toBe(false);
    expect(checkPassword({ ...owner, poolName: 'Other1234' }, 'Passw0rd!', stored)).toBe(false);
  });

  it('salts every password afresh', () => {
    let n = 0;
    const counting = (size: number) => Buffer.alloc(size, n++);
    const a = hashPassword(owner, 'Passw0rd!', counting);
    const b = hashPassword(owner, 'Passw0rd!', counting);
    expect(a.salt).not.toBe(b.salt);
    expect(a.verifier).not.toBe(b.verifier);
  });

  it('agrees with the vectors through the stored form', () => {
    const v = vectors[0]!;
    const vectorOwner = { poolName: poolNameOf(v.poolId), username: v.userIdForSrp };
    expect(checkPassword(vectorOwner, v.password, { salt: v.SALT, verifier: v.verifier })).toBe(true);
  });
});
