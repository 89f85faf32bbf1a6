import { randomBytes } from 'node:crypto';
import { poolNameOf } from '../../src/core/ids.js';
import { claimSignature, formatSrpTimestamp, hkdf } from '../../src/crypto/srp-server.js';
import { N, computeX, g, hexHash, k, modPowN, padHex } from '../../src/crypto/srp.js';

/**
 * The client side of USER_SRP_AUTH (cognito-wire.md §6, steps 1 and 3), for tests that drive the flow
 * through the AWS SDK with a chosen TIMESTAMP. amazon-cognito-identity-js itself is tested elsewhere;
 * this follows the same formulas: S = (B − k·g^x)^(a + u·x) mod N.
 */
export function srpClient(poolId: string) {
  const a = randomBytes(128).toString('hex');
  const A = modPowN(g, a);
  const poolName = poolNameOf(poolId);
  return {
    SRP_A: A,
    /** The ChallengeResponses of PASSWORD_VERIFIER for the server's ChallengeParameters. */
    respond(
      challenge: Record<string, string> | undefined,
      password: string,
      options: { timestamp?: string; now?: number; secretBlock?: string } = {},
    ): Record<string, string> {
      const params = challenge ?? {};
      const userId = params.USER_ID_FOR_SRP!;
      const B = BigInt(`0x${params.SRP_B!}`);
      const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
      const x = BigInt(`0x${computeX(poolName, userId, password, params.SALT!)}`);
      const base = (((B - k * BigInt(`0x${modPowN(g, x)}`)) % N) + N) % N;
      const S = modPowN(base, BigInt(`0x${a}`) + u * x);
      const key = hkdf(u.toString(16), S);
      const timestamp = options.timestamp ?? formatSrpTimestamp(options.now ?? Date.now());
      const secretBlock = options.secretBlock ?? params.SECRET_BLOCK!;
      return {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: claimSignature(key, poolName, userId, Buffer.from(secretBlock, 'base64'), timestamp),
      };
    },
  };
}
