/** The pool small random draws come from (src/crypto/random-pool.ts). */
import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/crypto/random-pool.js';

describe('pooled random bytes', () => {
  it('hands out each byte once: no two draws overlap, across refills of the pool', () => {
    const seen = new Set<string>();
    // 2,000 draws of 32 bytes go through the 8 KB pool about eight times.
    for (let i = 0; i < 2000; i++) {
      const drawn = pooledRandomBytes(32).toString('hex');
      expect(drawn).toHaveLength(64);
      expect(seen.has(drawn)).toBe(false);
      seen.add(drawn);
    }
  });

  it('gives copies: a drawn buffer stays as it was when the pool is refilled', () => {
    const kept = pooledRandomBytes(316);
    const before = Buffer.from(kept);
    for (let i = 0; i < 100; i++) pooledRandomBytes(316);
    expect(kept.equals(before)).toBe(true);
  });

  it('draws sizes from nothing to more than the pool holds', () => {
    expect(pooledRandomBytes(0)).toHaveLength(0);
    expect(pooledRandomBytes(1024)).toHaveLength(1024);
    const large = pooledRandomBytes(20_000);
    expect(large).toHaveLength(20_000);
    // Not all zeros: the generator, not an unfilled buffer.
    expect(large.some((byte) => byte !== 0)).toBe(true);
  });
});
