import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { padHex, srpSession, srpTimestamp } from '../../src/client/srp.js';

interface Vector {
  description: string;
  poolId: string;
  userIdForSrp: string;
  password: string;
  SALT: string;
  a: string;
  SRP_A: string;
  SRP_B: string;
  hkdfKey: string;
  SECRET_BLOCK: string;
  TIMESTAMP: string;
  PASSWORD_CLAIM_SIGNATURE: string;
}

const vectors = (JSON.parse(readFileSync(new URL('../fixtures/srp-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;

describe("the token client's USER_SRP_AUTH client side", () => {
  for (const v of vectors) {
    it(`computes what amazon-cognito-identity-js computes: ${v.description}`, () => {
      const session = srpSession(v.poolId, v.a);
      expect(session.srpA).toBe(v.SRP_A);
      const challenge = { SALT: v.SALT, SRP_B: v.SRP_B, SECRET_BLOCK: v.SECRET_BLOCK, USER_ID_FOR_SRP: v.userIdForSrp };
      expect(session.key(challenge, v.password).toString('base64')).toBe(v.hkdfKey);
      expect(session.claim(challenge, v.password, v.TIMESTAMP)).toEqual({
        USERNAME: v.userIdForSrp,
        PASSWORD_CLAIM_SECRET_BLOCK: v.SECRET_BLOCK,
        TIMESTAMP: v.TIMESTAMP,
        PASSWORD_CLAIM_SIGNATURE: v.PASSWORD_CLAIM_SIGNATURE,
      });
    });
  }

  it('formats TIMESTAMP as Cognito wants it: day of month not padded, time padded, UTC', () => {
    expect(srpTimestamp(new Date(Date.UTC(2017, 3, 5, 22, 42, 34)))).toBe('Wed Apr 5 22:42:34 UTC 2017');
    expect(srpTimestamp(new Date(Date.UTC(2018, 8, 25, 0, 9, 40)))).toBe('Tue Sep 25 00:09:40 UTC 2018');
  });

  it('pads hex as a positive two’s-complement number', () => {
    expect(padHex(0xabn)).toBe('00ab');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0xfffn)).toBe('0fff');
  });
});
