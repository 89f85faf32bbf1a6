import { createHmac } from 'node:crypto';
import type { SealedSecret } from '../../crypto/seal.js';
import {
  claimSignature,
  isValidSrpA,
  parseSrpTimestamp,
  serverEphemeral,
  serverSessionKey,
  signaturesMatch,
} from '../../crypto/srp-server.js';
import { g, modPowN } from '../../crypto/srp.js';
import type { SignInContext } from './user.js';
import { assertUserCanSignIn, findSignInUser, incorrectCredentials, requiredParameter, unknownUser } from './user.js';
import { DEFAULT_SESSION_MINUTES } from './session.js';
import { triggerExtensions } from './trigger-extensions.js';
import { recordSignInEvent } from './sign-in-events.js';
import type { ChallengeStep } from './steps.js';
import { err } from '../errors.js';
import { poolNameOf } from '../ids.js';
import { assertNotLocked, failAttempt, judgeAttempt, reserveAttempt, reserveUnknownAttempt } from './lockout.js';
import { checkSecretHash } from '../client/secret-hash.js';
import { openPassword } from '../user/password.js';
import * as userRepo from '../../store/users.js';
import type { User } from '../user/users.js';
import { findUser, usernameKeyOf } from '../user/users.js';

/**
 * USER_SRP_AUTH (cognito-wire.md §6), the API's SRP first factor: its proven user goes on to
 * engine.afterPassword. The PASSWORD_VERIFIER challenge carries its whole state in
 * SECRET_BLOCK: b, A, B, the user, pool and client, sealed under the master key, so the second step
 * can land on any node and nothing is stored between the two.
 */

const BLOCK_CONTEXT = 'srp-secret-block';
/** How far the client's TIMESTAMP may be from the server's clock (machines' clocks drift). */
export const TIMESTAMP_SKEW_MS = 5 * 60_000;

export interface SecretBlock {
  poolId: string;
  clientId: string;
  /** Empty for the fake challenge of an unknown user. */
  usernameKey: string;
  /** USER_ID_FOR_SRP: the name the client signs with. */
  userId: string;
  A: string;
  B: string;
  b: string;
  issuedAt: number;
  expiresAt: number;
  fake?: boolean;
}

export type ChallengeOutcome = ChallengeStep & { challengeName: 'PASSWORD_VERIFIER' };

/** Step 2: the PASSWORD_VERIFIER challenge for InitiateAuth/AdminInitiateAuth USER_SRP_AUTH. */
export async function startSrp(ctx: SignInContext, params: Record<string, string> | undefined): Promise<ChallengeOutcome> {
  const { services, pool, client } = ctx;
  const typed = requiredParameter(params, 'USERNAME');
  const srpA = requiredParameter(params, 'SRP_A');
  if (!isValidSrpA(srpA)) throw err.invalidParameter('SRP_A is not a valid SRP value.');
  const user = await findSignInUser(services, pool, typed);
  checkSecretHash(services, client, params?.SECRET_HASH, [typed, user?.username, user?.sub]);
  // PreAuthentication, unless a custom sign-in (which ran it already) asks for the password.
  if (params?.CHALLENGE_NAME !== 'SRP_A') await triggerExtensions(ctx).beforeFirstFactor(ctx, user, typed);
  if (!user) {
    if (client.PreventUserExistenceErrors !== 'ENABLED') throw unknownUser(ctx);
    // The read a known user's challenge costs (its lock), against the missing name.
    await assertNotLocked(services, pool.Id, usernameKeyOf(pool, typed));
    return fakeChallenge(ctx, typed, srpA);
  }
  assertUserCanSignIn(user);
  await assertNotLocked(services, pool.Id, user.usernameKey);
  const stored = openPassword(services, user);
  if (!stored) return fakeChallenge(ctx, typed, srpA, user.username);
  const { b, B } = serverEphemeral(stored.verifier, (n) => services.random.bytes(n));
  const block = sealBlock(ctx, { usernameKey: user.usernameKey, userId: user.username, A: srpA.toLowerCase(), B, b });
  return challenge(stored.salt, B, block, user.username);
}

/**
 * PreventUserExistenceErrors: an unknown user gets a challenge that looks like a real one. Its salt
 * and USER_ID_FOR_SRP are derived from the username under a key only this deployment has, so asking
 * twice gives the same answer, as it would for a real user; the response to it always fails.
 */
function fakeChallenge(ctx: SignInContext, typed: string, srpA: string, knownUserId?: string): ChallengeOutcome {
  const { services, pool } = ctx;
  const salt = fakeMac(ctx, 'salt', usernameKeyOf(pool, typed)).slice(0, 32);
  const userId = knownUserId ?? unknownUserId(ctx, typed);
  const b = services.random.bytes(32).toString('hex');
  const B = modPowN(g, b);
  const block = sealBlock(ctx, { usernameKey: '', userId, A: srpA.toLowerCase(), B, b, fake: true });
  return challenge(salt, B, block, userId);
}

const fakeMac = (ctx: SignInContext, label: string, usernameKey: string): string =>
  createHmac('sha256', ctx.services.sealer.deriveKey('fake-srp-user')).update(`${label}:${ctx.pool.Id}:${usernameKey}`, 'utf8').digest('hex');

/**
 * The name an unknown user is shown under (USER_ID_FOR_SRP, a custom challenge's USERNAME): the name
 * as typed, or in e-mail/phone-as-username pools, where real users are known by a UUID, a UUID
 * derived from it (the same one each time).
 */
export function unknownUserId(ctx: SignInContext, typed: string): string {
  return ctx.pool.UsernameAttributes?.length ? unknownUuidOfKey(ctx, usernameKeyOf(ctx.pool, typed)) : typed;
}

/** The UUID an unknown name (by its lookup key) is shown under in e-mail/phone-as-username pools. */
export const unknownUuidOfKey = (ctx: SignInContext, usernameKey: string): string => uuidFrom(fakeMac(ctx, 'id', usernameKey));

function uuidFrom(hex: string): string {
  const h = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${'89ab'[parseInt(hex[16]!, 16) % 4]}${hex.slice(17, 32)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function challenge(salt: string, B: string, secretBlock: string, userId: string): ChallengeOutcome {
  return {
    kind: 'challenge',
    challengeName: 'PASSWORD_VERIFIER',
    parameters: { SALT: salt, SRP_B: B, SECRET_BLOCK: secretBlock, USERNAME: userId, USER_ID_FOR_SRP: userId },
  };
}

/** Seals a SECRET_BLOCK; device SRP (device/signin.ts) seals its own under another `context`. */
export function sealBlock(ctx: SignInContext, fields: Pick<SecretBlock, 'usernameKey' | 'userId' | 'A' | 'B' | 'b' | 'fake'>, context = BLOCK_CONTEXT): string {
  const now = ctx.services.clock.now();
  const block: SecretBlock = {
    poolId: ctx.pool.Id,
    clientId: ctx.client.ClientId,
    ...fields,
    issuedAt: now,
    expiresAt: now + (ctx.client.AuthSessionValidity ?? DEFAULT_SESSION_MINUTES) * 60_000,
  };
  // The client signs the base64-decoded bytes of SECRET_BLOCK, so it must be canonical standard base64.
  return Buffer.from(ctx.services.sealer.seal(JSON.stringify(block), context), 'utf8').toString('base64');
}

export function openBlock(ctx: SignInContext, secretBlock: string, context = BLOCK_CONTEXT): SecretBlock | undefined {
  try {
    const sealed = Buffer.from(secretBlock, 'base64').toString('utf8') as SealedSecret;
    const block = JSON.parse(ctx.services.sealer.openString(sealed, context)) as SecretBlock;
    if (block.poolId !== ctx.pool.Id || block.clientId !== ctx.client.ClientId) return undefined;
    return block;
  } catch {
    return undefined;
  }
}

/**
 * Step 4: checks PASSWORD_CLAIM_SIGNATURE. Returns the user, whose password is then proven; every
 * failure that could be a wrong password is "Incorrect username or password." and counts toward lockout.
 */
export async function verifySrp(ctx: SignInContext, responses: Record<string, string> | undefined): Promise<User> {
  const { services, pool, client } = ctx;
  const typed = requiredParameter(responses, 'USERNAME');
  const secretBlock = requiredParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requiredParameter(responses, 'TIMESTAMP');
  const signature = requiredParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');

  const block = openBlock(ctx, secretBlock);
  if (!block) {
    checkSecretHash(services, client, responses?.SECRET_HASH, [typed]);
    throw incorrectCredentials();
  }
  const found = block.fake ? undefined : await findUser(services, pool, block.usernameKey);
  const user = found?.usernameKey === block.usernameKey ? found : undefined;
  checkSecretHash(services, client, responses?.SECRET_HASH, [typed, block.userId, user?.username, user?.sub]);
  if (block.fake) {
    await spendFakeClaimWork(ctx, block, secretBlock, timestamp);
    throw incorrectCredentials();
  }
  if (services.clock.now() >= block.expiresAt) throw err.sessionExpired();
  if (!user) throw unknownUser(ctx);
  if (typed !== block.userId && typed !== user.username && (await findSignInUser(services, pool, typed))?.usernameKey !== user.usernameKey) {
    throw incorrectCredentials();
  }
  assertUserCanSignIn(user);
  const parsed = parseSrpTimestamp(timestamp);
  if (parsed.kind === 'malformed') throw err.invalidParameter('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  // Reserved before the claim is judged, so parallel claims cannot outrun the lockout.
  const reservation = await reserveAttempt(services, pool.Id, user.usernameKey);
  const { cleared } = await judgeAttempt(services, reservation, async () => {
    const stored = openPassword(services, user);
    const key = stored ? serverSessionKey({ A: block.A, B: block.B, b: block.b, verifier: stored.verifier }) : undefined;
    const plausible = parsed.kind === 'ok' && Math.abs(parsed.ms - services.clock.now()) <= TIMESTAMP_SKEW_MS;
    const expected = key
      ? claimSignature(key, poolNameOf(pool.Id), block.userId, Buffer.from(secretBlock, 'base64'), timestamp)
      : undefined;
    if (!expected || !signaturesMatch(expected, signature) || !plausible) {
      await recordSignInEvent(ctx, user, 'Fail');
      throw incorrectCredentials();
    }
  });
  if (cleared) ctx.failuresCleared = true;
  return user;
}

/**
 * The claim on a fake challenge (an unknown user) costs what a wrong claim of a known user costs: the
 * user's lookup, the attempt's reservation and failure against the missing name (which change
 * nothing), and the session key and signature over a stand-in verifier.
 */
async function spendFakeClaimWork(ctx: SignInContext, block: SecretBlock, secretBlock: string, timestamp: string): Promise<void> {
  const { services, pool } = ctx;
  const key = usernameKeyOf(pool, block.userId);
  await userRepo.findUserWithAttributesByKey(services.store.db, services.store.engine, pool.Id, key);
  await reserveUnknownAttempt(services, pool.Id, key);
  const standIn = serverSessionKey({ A: block.A, B: block.B, b: block.b, verifier: block.B });
  if (standIn) claimSignature(standIn, poolNameOf(pool.Id), block.userId, Buffer.from(secretBlock, 'base64'), timestamp);
  await recordSignInEvent(ctx, { sub: services.random.uuid(), username: block.userId }, 'Fail');
  await failAttempt(services, pool.Id, key);
}
