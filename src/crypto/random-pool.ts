import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Small draws of random bytes, served from a pool that OpenSSL's generator fills 8 KB at a time, as
 * Node's own randomUUID keeps one: each call into the generator costs a few microseconds whatever its
 * size, and every sign-in draws a refresh token's 316 bytes. Each byte is handed out once and copied
 * out, so no caller's buffer shares memory with the pool; a refill overwrites only bytes already given.
 * Cognate's workers are processes started afresh, never forked copies, so no two share a pool.
 */
const POOL_BYTES = 8192;
const LARGEST_POOLED = 1024;

const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let next = POOL_BYTES;

export function pooledRandomBytes(n: number): Buffer {
  if (n > LARGEST_POOLED) return randomBytes(n);
  if (next + n > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const drawn = Buffer.from(pool.subarray(next, next + n));
  next += n;
  return drawn;
}
