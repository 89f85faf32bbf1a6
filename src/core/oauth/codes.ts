import { createHash, timingSafeEqual } from 'node:crypto';
import * as repo from '../../store/oauth.js';
import type { OAuthCodeRow } from '../../store/oauth.js';
import * as tokenRepo from '../../store/tokens.js';
import type { UserPoolClient } from '../client/clients.js';
import { oauthError } from './errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

/**
 * Authorization codes (RFC 6749 §4.1.2, RFC 9700 §4.2.4): 256 random bits, stored only as a hash,
 * bound to the client, redirect URI, scopes, nonce, PKCE challenge, user and sign-in time; five
 * minutes of life and a single use.
 *
 * One exchange wins: the code is claimed in one conditional write, and every other presentation gets
 * `invalid_grant`. A presentation after the winner has stored its tokens is a replay and revokes them
 * (RFC 6749 §4.1.2: "all tokens previously issued based on that authorization code"). One that
 * arrives while the winner is still being served finds no tokens issued yet: it is refused without
 * revoking, so that a client that sent the same code twice at once still gets its tokens.
 */

export const CODE_LIFETIME_MS = 5 * 60_000;
/** Used and expired codes are kept this long after expiry, so that a late replay still revokes. */
const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;
/** Housekeeping runs at most this often per process. */
const SWEEP_INTERVAL_MS = 60_000;

const hashCode = (code: string) => createHash('sha256').update(code).digest('base64url');

export interface CodeBinding {
  pool: UserPool;
  client: UserPoolClient;
  user: User;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  /** Epoch seconds. */
  authTime: number;
}

let lastSweep = 0;

async function sweep(services: Services, now: number): Promise<void> {
  if (now - lastSweep < SWEEP_INTERVAL_MS && now >= lastSweep) return;
  lastSweep = now;
  await repo.deleteCodesExpiredBefore(services.store.db, now - KEEP_AFTER_EXPIRY_MS);
  await repo.deleteGrantsExpiredBefore(services.store.db, now);
}

export async function issueCode(services: Services, binding: CodeBinding): Promise<string> {
  const now = services.clock.now();
  await sweep(services, now);
  const code = services.random.bytes(32).toString('base64url');
  await repo.insertCode(services.store.db, {
    code_hash: hashCode(code),
    pool_id: binding.pool.Id,
    client_id: binding.client.ClientId,
    username_key: binding.user.usernameKey,
    redirect_uri: binding.redirectUri,
    scopes: binding.scopes.join(' '),
    nonce: binding.nonce ?? null,
    code_challenge: binding.codeChallenge ?? null,
    origin_jti: services.random.uuid(),
    auth_time: binding.authTime,
    created_at: now,
    expires_at: now + CODE_LIFETIME_MS,
    used_at: null,
    replayed_at: null,
    exchanged_at: null,
  });
  return code;
}

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

function pkceMatches(challenge: string, verifier: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

export interface CodeRedemption {
  pool: UserPool;
  client: UserPoolClient;
  code: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

const badCode = () => oauthError('invalid_grant', 'The authorization code is invalid, expired or already used.');

/**
 * Checks a code presented at the token endpoint and claims it. Checks that fail leave the code
 * usable (they reveal nothing and a stolen code gains nothing from them); a code used before is
 * refused, and its token family revoked if the first exchange has finished.
 */
export async function redeemCode(services: Services, req: CodeRedemption): Promise<OAuthCodeRow> {
  const now = services.clock.now();
  const hash = hashCode(req.code);
  const row = await repo.findCode(services.store.db, hash);
  if (!row || row.pool_id !== req.pool.Id) throw badCode();
  if (row.used_at !== null) {
    await revokeReplayed(services, row, now);
    throw badCode();
  }
  if (Number(row.expires_at) <= now) throw badCode();
  if (row.client_id !== req.client.ClientId) throw oauthError('invalid_grant', 'The authorization code was issued to another client.');
  if (req.redirectUri === undefined) throw oauthError('invalid_request', 'Missing required parameter redirect_uri');
  if (req.redirectUri !== row.redirect_uri) throw oauthError('invalid_grant', 'redirect_uri does not match the authorization request.');
  if (row.code_challenge !== null) {
    if (req.codeVerifier === undefined) throw oauthError('invalid_grant', 'Missing code_verifier.');
    if (!VERIFIER.test(req.codeVerifier) || !pkceMatches(row.code_challenge, req.codeVerifier))
      throw oauthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
  } else if (req.codeVerifier !== undefined) {
    // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt.
    throw oauthError('invalid_grant', 'code_verifier was sent but the authorization request had no code_challenge.');
  }
  if (!(await repo.claimCode(services.store.db, hash, now))) {
    await revokeReplayed(services, row, now);
    throw badCode();
  }
  return row;
}

async function revokeReplayed(services: Services, row: OAuthCodeRow, now: number): Promise<void> {
  if (await repo.markCodeReplayed(services.store.db, row.code_hash, now)) await tokenRepo.revokeFamily(services.store.db, row.origin_jti, now);
}

/** Called once the tokens of a redeemed code are stored: from now on a presentation is a replay. */
export async function markExchanged(services: Services, row: OAuthCodeRow): Promise<void> {
  await repo.markCodeExchanged(services.store.db, row.code_hash, services.clock.now());
}
