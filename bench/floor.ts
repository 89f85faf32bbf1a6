/**
 * The floor every figure is read against: RS256 signatures (node:crypto, a 2048-bit RSA key) per
 * CPU-second on this machine, measured in this process with process.cpuUsage so a busy machine's
 * wall-clock time does not count.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { computeVerifier } from '../src/crypto/srp.js';

export interface Floor {
  signaturesPerCpuSecond: number;
  /** CPU microseconds of one signature. */
  signatureMicros: number;
  /**
   * CPU microseconds of one SRP verifier (g^x mod N, 3072-bit), which every password check computes:
   * a password sign-in cannot cost less than this and its two signatures (ID and access token).
   */
  verifierMicros: number;
}

export function measureFloor(cpuSeconds = 1.5): Floor {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A JWT's signing input of a typical access token's size.
  const input = Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${Buffer.from('x'.repeat(700)).toString('base64url')}`);
  for (let i = 0; i < 20; i++) sign('sha256', input, privateKey); // warm up
  const start = process.cpuUsage();
  let count = 0;
  let used = 0;
  while (used < cpuSeconds * 1e6) {
    for (let i = 0; i < 20; i++) sign('sha256', input, privateKey);
    count += 20;
    const d = process.cpuUsage(start);
    used = d.user + d.system;
  }
  const signatureMicros = used / count;
  return { signatureMicros, signaturesPerCpuSecond: 1e6 / signatureMicros, verifierMicros: measureVerifier(cpuSeconds / 3) };
}

function measureVerifier(cpuSeconds: number): number {
  for (let i = 0; i < 5; i++) computeVerifier('Pool1', 'user', `warm-up ${i}`, '0a1b2c3d');
  const start = process.cpuUsage();
  let count = 0;
  let used = 0;
  while (used < cpuSeconds * 1e6) {
    computeVerifier('Pool1', 'user', `password ${count}`, '0a1b2c3d');
    count++;
    const d = process.cpuUsage(start);
    used = d.user + d.system;
  }
  return used / count;
}
