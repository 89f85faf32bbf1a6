import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { poolNameOf } from '../../src/core/ids.js';
import {
  claimSignature,
  formatSrpTimestamp,
  hkdf,
  isValidSrpA,
  parseSrpTimestamp,
  scramblingParameter,
  serverEphemeral,
  serverSessionKey,
  signaturesMatch,
} from '../../src/crypto/srp-server.js';
import { N } from '../../src/crypto/srp.js';

interface Vector {
  description: string;
  poolId: string;
  userIdForSrp: string;
  SALT: string;
  SRP_A: string;
  b: string;
  SRP_B: string;
  verifier: string;
  u: string;
  S: string;
  hkdfKey: string;
  SECRET_BLOCK: string;
  TIMESTAMP: string;
  PASSWORD_CLAIM_SIGNATURE: string;
}

const vectors = (JSON.parse(readFileSync(new URL('../fixtures/srp-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;

/** A random source that returns the given bytes, so the server picks the vector's b. */
const fixedBytes = (hex: string) => (n: number) => Buffer.from(hex.padStart(n * 2, '0'), 'hex');

describe('the server side of USER_SRP_AUTH agrees with amazon-cognito-identity-js', () => {
  it('has vectors covering the leading-zero and high-bit edge cases', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(4);
    expect(vectors.some((v) => v.u.length < 64)).toBe(true);
    expect(vectors.some((v) => v.S.length < 768)).toBe(true);
    expect(vectors.some((v) => v.SALT.startsWith('00'))).toBe(true);
  });

  for (const v of vectors) {
    describe(v.description, () => {
      it('computes the same B from the verifier and b', () => {
        expect(serverEphemeral(v.verifier, fixedBytes(v.b)).B).toBe(v.SRP_B);
      });

      it('computes the same u', () => {
        expect(scramblingParameter(v.SRP_A, v.SRP_B)).toBe(v.u.padStart(64, '0'));
        expect(BigInt(`0x${scramblingParameter(v.SRP_A, v.SRP_B)}`)).toBe(BigInt(`0x${v.u}`));
      });

      it('derives the same 16-byte key', () => {
        const key = serverSessionKey({ A: v.SRP_A, B: v.SRP_B, b: v.b, verifier: v.verifier });
        expect(key?.toString('base64')).toBe(v.hkdfKey);
        expect(hkdf(v.u, v.S).toString('base64')).toBe(v.hkdfKey);
      });

      it('computes the same PASSWORD_CLAIM_SIGNATURE over the TIMESTAMP as sent', () => {
        const key = serverSessionKey({ A: v.SRP_A, B: v.SRP_B, b: v.b, verifier: v.verifier })!;
        const signature = claimSignature(key, poolNameOf(v.poolId), v.userIdForSrp, Buffer.from(v.SECRET_BLOCK, 'base64'), v.TIMESTAMP);
        expect(signature).toBe(v.PASSWORD_CLAIM_SIGNATURE);
        expect(signaturesMatch(signature, v.PASSWORD_CLAIM_SIGNATURE)).toBe(true);
      });

      it('fails the signature for another timestamp, user or secret block', () => {
        const key = serverSessionKey({ A: v.SRP_A, B: v.SRP_B, b: v.b, verifier: v.verifier })!;
        const block = Buffer.from(v.SECRET_BLOCK, 'base64');
        const pool = poolNameOf(v.poolId);
        const padded = v.TIMESTAMP.replace(' 5 ', ' 05 ');
        expect(claimSignature(key, pool, v.userIdForSrp, block, padded)).not.toBe(v.PASSWORD_CLAIM_SIGNATURE);
        expect(claimSignature(key, pool, `${v.userIdForSrp}x`, block, v.TIMESTAMP)).not.toBe(v.PASSWORD_CLAIM_SIGNATURE);
        expect(claimSignature(key, pool, v.userIdForSrp, Buffer.concat([block, Buffer.from([0])]), v.TIMESTAMP)).not.toBe(
          v.PASSWORD_CLAIM_SIGNATURE,
        );
      });

      it('accepts the client SRP_A', () => {
        expect(isValidSrpA(v.SRP_A)).toBe(true);
      });
    });
  }
});

describe('SRP input checks', () => {
  it('refuses A ≡ 0 mod N, non-hex values and values longer than N', () => {
    expect(isValidSrpA('0')).toBe(false);
    expect(isValidSrpA(N.toString(16))).toBe(false);
    expect(isValidSrpA((N * 2n).toString(16))).toBe(false);
    expect(isValidSrpA('xyz')).toBe(false);
    expect(isValidSrpA('')).toBe(false);
    expect(isValidSrpA('1'.repeat(769))).toBe(false);
    expect(isValidSrpA(`00${'1'.repeat(768)}`)).toBe(true);
  });

  it('compares signatures only when both are canonical base64 of the same length', () => {
    const sig = Buffer.alloc(32, 7).toString('base64');
    expect(signaturesMatch(sig, sig)).toBe(true);
    expect(signaturesMatch(sig, Buffer.alloc(32, 8).toString('base64'))).toBe(false);
    expect(signaturesMatch(sig, sig.slice(0, -4))).toBe(false);
    expect(signaturesMatch(sig, `${sig} `)).toBe(false);
    expect(signaturesMatch(sig, '')).toBe(false);
  });
});

describe('SRP TIMESTAMP', () => {
  it('reads the form the SDKs send, with the day not zero-padded', () => {
    expect(parseSrpTimestamp('Wed Apr 5 22:42:34 UTC 2017')).toEqual({ kind: 'ok', ms: Date.UTC(2017, 3, 5, 22, 42, 34) });
    expect(parseSrpTimestamp('Tue Sep 25 00:09:40 UTC 2018')).toEqual({ kind: 'ok', ms: Date.UTC(2018, 8, 25, 0, 9, 40) });
  });

  it('refuses a zero-padded day, a wrong weekday or an impossible date as a wrong claim', () => {
    expect(parseSrpTimestamp('Wed Apr 05 22:42:34 UTC 2017').kind).toBe('wrong');
    expect(parseSrpTimestamp('Thu Apr 5 22:42:34 UTC 2017').kind).toBe('wrong');
    expect(parseSrpTimestamp('Fri Feb 30 22:42:34 UTC 2017').kind).toBe('wrong');
    expect(parseSrpTimestamp('Wed Apr 5 22:42:34 GMT 2017').kind).toBe('wrong');
    expect(parseSrpTimestamp('Wed Apr 5 2:42:34 UTC 2017').kind).toBe('wrong');
  });

  it('calls anything not shaped like a timestamp malformed', () => {
    expect(parseSrpTimestamp('2017-04-05T22:42:34Z').kind).toBe('malformed');
    expect(parseSrpTimestamp('').kind).toBe('malformed');
    expect(parseSrpTimestamp('Mon Feb 12 15:26:37 +05:30 2018').kind).toBe('malformed');
  });

  it('formats timestamps as amazon-cognito-identity-js does', () => {
    expect(formatSrpTimestamp(Date.UTC(2017, 3, 5, 22, 42, 34))).toBe('Wed Apr 5 22:42:34 UTC 2017');
    expect(formatSrpTimestamp(Date.UTC(2018, 8, 25, 0, 9, 40))).toBe('Tue Sep 25 00:09:40 UTC 2018');
  });
});
