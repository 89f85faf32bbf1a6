import { createDiffieHellman, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The client side of Cognito's USER_SRP_AUTH (SRP-6a over the RFC 5054 3072-bit group, g = 2), from the
 * public description of the protocol: A = g^a; u = H(A‖B); x = H(salt‖H(poolName‖userId‖":"‖password));
 * S = (B − k·g^x)^(a + u·x); a 16-byte key by HKDF("Caldera Derived Key"); the claim is an HMAC over
 * pool name, user id, secret block and timestamp. Every hash input goes through `padHex`, so values
 * with leading zero bytes or a high first bit hash as Cognito's other clients hash them.
 */

/** RFC 5054 / RFC 3526 group 15 prime. */
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
const N = BigInt(`0x${N_HEX}`);
const G = 2n;
const N_BYTES = Buffer.from(N_HEX, 'hex');

const hex = (value: bigint) => value.toString(16);
const big = (hexValue: string) => BigInt(`0x${hexValue}`);

/** A non-negative value as even-length hex, with `00` in front when the first byte's high bit is set. */
export function padHex(value: bigint): string {
  let h = hex(value);
  if (h.length % 2 === 1) h = `0${h}`;
  else if (/^[89a-f]/.test(h)) h = `00${h}`;
  return h;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hashOfHex = (h: string) => sha256Hex(Buffer.from(h, 'hex'));

const k = big(hashOfHex(padHex(N) + padHex(G)));

/**
 * base^exponent mod N. OpenSSL's Diffie-Hellman on this group computes it far faster than BigInt: the
 * exponent is the "private key" and the base the "peer public key" (g itself comes out of generateKeys).
 */
function modPow(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exponent === 0n) return 1n;
  if (b === 0n || b === 1n) return b;
  const dh = createDiffieHellman(N_BYTES, Buffer.from([2]));
  const e = hex(exponent);
  dh.setPrivateKey(Buffer.from(e.length % 2 ? `0${e}` : e, 'hex'));
  if (b === G) return big(dh.generateKeys('hex'));
  if (b === N - 1n) return exponent % 2n === 0n ? 1n : b;
  return big(dh.computeSecret(Buffer.from(padHex(b), 'hex')).toString('hex'));
}

/** Cognito's TIMESTAMP: `ddd MMM D HH:mm:ss UTC YYYY`, day of month not padded, in English and UTC. */
export function srpTimestamp(date = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

export interface SrpChallenge {
  SALT: string;
  SRP_B: string;
  SECRET_BLOCK: string;
  USER_ID_FOR_SRP: string;
}

export interface SrpSession {
  /** SRP_A for InitiateAuth, as lowercase hex. */
  srpA: string;
  /** The PASSWORD_VERIFIER answer's claim fields. */
  claim(challenge: SrpChallenge, password: string, timestamp?: string): { USERNAME: string; PASSWORD_CLAIM_SECRET_BLOCK: string; TIMESTAMP: string; PASSWORD_CLAIM_SIGNATURE: string };
  /** The 16-byte session key (exposed for tests against published vectors). */
  key(challenge: SrpChallenge, password: string): Buffer;
}

/** One USER_SRP_AUTH attempt for a pool; `a` may be fixed for known-answer tests. */
export function srpSession(poolId: string, aHex: string = randomBytes(128).toString('hex')): SrpSession {
  const poolName = poolId.split('_')[1] ?? poolId;
  const a = big(aHex);
  const A = modPow(G, a);
  if (A % N === 0n) throw new Error('SRP: A is 0 mod N');

  const key = (challenge: SrpChallenge, password: string): Buffer => {
    const B = big(challenge.SRP_B);
    if (B % N === 0n) throw new Error('SRP: the server sent B = 0 mod N');
    const u = big(hashOfHex(padHex(A) + padHex(B)));
    if (u === 0n) throw new Error('SRP: u is 0');
    const userHash = sha256Hex(Buffer.from(`${poolName}${challenge.USER_ID_FOR_SRP}:${password}`, 'utf8'));
    const x = big(hashOfHex(padHex(big(challenge.SALT)) + userHash));
    const S = modPow(B - k * modPow(G, x), a + u * x);
    const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
    return createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).digest().subarray(0, 16);
  };

  return {
    srpA: hex(A),
    key,
    claim(challenge, password, timestamp = srpTimestamp()) {
      const signature = createHmac('sha256', key(challenge, password))
        .update(
          Buffer.concat([
            Buffer.from(poolName, 'utf8'),
            Buffer.from(challenge.USER_ID_FOR_SRP, 'utf8'),
            Buffer.from(challenge.SECRET_BLOCK, 'base64'),
            Buffer.from(timestamp, 'utf8'),
          ]),
        )
        .digest('base64');
      return {
        USERNAME: challenge.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: signature,
      };
    },
  };
}
