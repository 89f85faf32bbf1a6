/**
 * The floor every figure is read against: RS256 signatures (node:crypto, a 2048-bit RSA key) per
 * CPU-second on this machine, measured in this process with process.cpuUsage so a busy machine's
 * wall-clock time does not count.
 */
import { generateKeyPairSync, sign } from 'node:crypto';

export interface Floor {
  signaturesPerCpuSecond: number;
  /** CPU microseconds of one signature. */
  signatureMicros: number;
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
  return { signatureMicros, signaturesPerCpuSecond: 1e6 / signatureMicros };
}
