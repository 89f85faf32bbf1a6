import { createDiffieHellman, createHash } from 'node:crypto';

/**
 * The SRP-6a arithmetic of Cognito's USER_SRP_AUTH, as amazon-cognito-identity-js and Amplify compute
 * it (cognito-wire.md §6). Pure functions over lowercase hex strings; no state, no I/O.
 * Modular exponentiation goes through OpenSSL (node:crypto's Diffie-Hellman objects on the group prime),
 * because 3072-bit BigInt exponentiation in JavaScript costs milliseconds.
 */

/** RFC 5054's 3072-bit group prime (the same as RFC 3526 group 15). */
export const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF'.toLowerCase();

export const N: bigint = BigInt(`0x${N_HEX}`);
export const g: bigint = 2n;

const N_BYTES = Buffer.from(N_HEX, 'hex');
const GENERATOR_BYTES = Buffer.from([2]);

/** A non-negative integer (bigint or hex string) as minimal lowercase hex with no leading zeros ('0' for zero). */
export function toHex(value: bigint | string): string {
  if (typeof value === 'bigint') {
    if (value < 0n) throw new RangeError('SRP values are non-negative');
    return value.toString(16);
  }
  if (!/^[0-9a-fA-F]*$/.test(value)) throw new RangeError('Not a hex string');
  const trimmed = value.toLowerCase().replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/**
 * Cognito's padHex: the value's minimal hex, made even-length, with `00` in front when the first
 * nibble has its high bit set (so the bytes read as a positive two's-complement number).
 * Leading zero bytes of a hex input are dropped first, as a BigInteger would drop them.
 */
export function padHex(value: bigint | string): string {
  let hex = toHex(value);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  else if ('89abcdef'.includes(hex[0]!)) hex = `00${hex}`;
  return hex;
}

/** SHA-256 of the bytes a hex string spells, as 64 hex characters. */
export function hexHash(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

/** SHA-256 of a UTF-8 string, as 64 hex characters. */
export function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** k = H(padHex(N) ‖ padHex(g)). */
export const k: bigint = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

/**
 * x = H(padHex(salt) ‖ H(utf8(poolName ‖ username ‖ ":" ‖ password))), as 64 hex characters.
 * `username` is the internal username (the UUID in email/phone-as-username pools); `poolName` the
 * part of the pool id after the underscore.
 */
export function computeX(poolName: string, username: string, password: string, saltHex: string): string {
  return hexHash(padHex(saltHex) + hash(`${poolName}${username}:${password}`));
}

/**
 * base^exponent mod N, computed by OpenSSL; the result as minimal hex. Always through a DH object
 * on the group's own generator (2): OpenSSL knows that group and skips the seconds-long primality
 * check it runs for any other generator; an arbitrary base goes in as the "peer public key".
 */
export function modPowN(base: bigint | string, exponent: bigint | string): string {
  const exp = toHex(exponent);
  const b = BigInt(`0x${toHex(base)}`) % N;
  if (exp === '0') return '1';
  // Bases OpenSSL refuses as a peer key (0, 1, N-1), done by hand.
  if (b === 0n || b === 1n) return b.toString(16);
  if (b === N - 1n) return BigInt(`0x${exp}`) % 2n === 0n ? '1' : b.toString(16);
  const dh = createDiffieHellman(N_BYTES, GENERATOR_BYTES);
  dh.setPrivateKey(Buffer.from(exp.length % 2 === 1 ? `0${exp}` : exp, 'hex'));
  if (b === g) return toHex(dh.generateKeys('hex'));
  return toHex(dh.computeSecret(Buffer.from(padHex(b), 'hex')).toString('hex'));
}

/** v = g^x mod N, as minimal lowercase hex. */
export function computeVerifier(poolName: string, username: string, password: string, saltHex: string): string {
  return modPowN(g, computeX(poolName, username, password, saltHex));
}
