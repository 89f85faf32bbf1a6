/**
 * The floor every figure is read against: RS256 signatures (node:crypto, a 2048-bit RSA key) per
 * CPU-second on this machine. Measured in a process of its own that does nothing else: the bench's
 * own process has compiler and garbage-collector threads of its own at work, and process CPU time
 * counts every thread (a run measured a signature 35% dearer there than alone). Best of many short
 * rounds, as the scenarios are best of rounds: other work on the machine only ever adds.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { fileURLToPath } from 'node:url';
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

export function measureFloor(): Floor {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { encoding: 'utf8' });
  return JSON.parse(out) as Floor;
}

/** CPU microseconds per call of `work`, the least of `rounds` rounds of `perRound` calls. */
function bestOf(rounds: number, perRound: number, work: (i: number) => void): number {
  for (let i = 0; i < perRound; i++) work(i); // warm up
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < perRound; i++) work(i);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / perRound);
  }
  return best;
}

function measureHere(): Floor {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A JWT's signing input of a typical access token's size.
  const input = Buffer.from(`eyJhbGciOiJSUzI1NiJ9.${Buffer.from('x'.repeat(700)).toString('base64url')}`);
  const signatureMicros = bestOf(15, 100, () => sign('sha256', input, privateKey));
  const verifierMicros = bestOf(10, 50, (i) => computeVerifier('Pool1', 'user', `password ${i}`, '0a1b2c3d'));
  return { signatureMicros, signaturesPerCpuSecond: 1e6 / signatureMicros, verifierMicros };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(JSON.stringify(measureHere()));
