import * as repo from '../../store/users.js';
import type { AuthOutcome, AuthSessionPayload } from './session.js';
import { sealSession, sessionExpiry } from './session.js';
import type { SignInContext } from './user.js';
import { assertTemporaryPasswordValid, requiredParameter } from './user.js';
import { validateAttributeWrites } from '../user/attributes.js';
import { deviceStepBeforeMfa, deviceStepBeforeTokens } from '../device/signin.js';
import { CognitoError, err } from '../errors.js';
import { assertNotLocked, recordSuccessfulSignIn, releaseAttempt, reserveAttempt } from './lockout.js';
import type { MfaChallengeName, MfaSessionState, MfaStep } from '../mfa/factors.js';
import { answerMfaChallenge, nextMfaStep } from '../mfa/factors.js';
import { checkPasswordPolicy } from '../user/password-policy.js';
import { assertPasswordNotReused, rememberReplacedPassword } from '../user/password-history.js';
import { requiredAttributes } from '../pool/schema.js';
import { authenticationResult, issueTokens } from '../token/tokens.js';
import { syncAliases } from '../user/aliases.js';
import { sealPassword } from '../user/password.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

/** What InitiateAuth and RespondToAuthChallenge (and their Admin twins) answer. */
export type { AuthOutcome };

export const MFA_CHALLENGES: ReadonlySet<string> = new Set<MfaChallengeName>([
  'SOFTWARE_TOKEN_MFA',
  'SMS_MFA',
  'EMAIL_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
]);

const ATTRIBUTE_PREFIX = 'userAttributes.';

/**
 * Once the password is proven: a temporary password leads to NEW_PASSWORD_REQUIRED, MFA to its
 * challenge, and otherwise the user gets tokens. The failure count is cleared only when tokens are
 * issued, so a right password does not wipe the count of wrong MFA codes.
 */
export async function afterPassword(ctx: SignInContext, user: User): Promise<AuthOutcome> {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    assertTemporaryPasswordValid(ctx.services, ctx.pool, user);
    return newPasswordChallenge(ctx, user);
  }
  return afterFirstFactor(ctx, user);
}

/** MFA if the pool and user call for it, else tokens. */
async function afterFirstFactor(ctx: SignInContext, user: User): Promise<AuthOutcome> {
  // Devices (device/signin.ts): an unknown DEVICE_KEY is refused before any MFA code is sent, and a
  // remembered device proves itself here instead of MFA where DeviceConfiguration says so.
  const deviceChallenge = await deviceStepBeforeMfa(ctx, user);
  if (deviceChallenge) return deviceChallenge;
  const step = await nextMfaStep(ctx.services, ctx.pool, user);
  return step.kind === 'none' ? finishSignIn(ctx, user) : mfaChallenge(ctx, user, step, {});
}

/** `mfaAnswered`: the user just answered an MFA challenge (the device-SRP step depends on it). */
export async function finishSignIn(ctx: SignInContext, user: User, mfaAnswered = false): Promise<AuthOutcome> {
  // Devices (device/signin.ts): a remembered device not yet proven gets DEVICE_SRP_AUTH first; a
  // sign-in without a device key gets NewDeviceMetadata, and the tokens carry the device.
  const device = await deviceStepBeforeTokens(ctx, user, mfaAnswered);
  if ('challenge' in device) return device.challenge;
  await recordSuccessfulSignIn(ctx.services, ctx.pool.Id, user.usernameKey);
  const tokens = await issueTokens(ctx.services, {
    pool: ctx.pool,
    client: ctx.client,
    user,
    authTime: Math.floor(ctx.services.clock.now() / 1000),
    refreshToken: true,
    deviceKey: device.deviceKey,
  });
  const result = authenticationResult(tokens);
  return { ChallengeParameters: {}, AuthenticationResult: device.newDeviceMetadata ? { ...result, NewDeviceMetadata: device.newDeviceMetadata } : result };
}

function session(ctx: SignInContext, user: User, challengeName: string, extra: Partial<AuthSessionPayload> = {}): string {
  return sealSession(ctx.services, {
    poolId: ctx.pool.Id,
    clientId: ctx.client.ClientId,
    usernameKey: user.usernameKey,
    challengeName,
    expiresAt: sessionExpiry(ctx.services, ctx.client.AuthSessionValidity),
    ...(ctx.admin ? { admin: true } : {}),
    // A session dies with the password it was opened under (an administrator's reset ends it).
    // The DEVICE_KEY of the password step rides along to the device check after MFA.
    flags: { passwordUpdatedAt: user.passwordUpdatedAt ?? 0, ...(ctx.device ? { deviceKey: ctx.device.key } : {}) },
    ...extra,
  });
}

function newPasswordChallenge(ctx: SignInContext, user: User): AuthOutcome {
  const missing = requiredAttributes(ctx.pool).filter((name) => name !== 'sub' && !user.attributes[name]);
  const { sub: _sub, ...visible } = user.attributes;
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session(ctx, user, 'NEW_PASSWORD_REQUIRED'),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(missing.map((name) => `${ATTRIBUTE_PREFIX}${name}`)),
      userAttributes: JSON.stringify(visible),
    },
  };
}

function mfaChallenge(ctx: SignInContext, user: User, step: Extract<MfaStep, { kind: 'challenge' }>, state: Partial<AuthSessionPayload>): AuthOutcome {
  return {
    ChallengeName: step.challengeName,
    Session: session(ctx, user, step.challengeName, { ...state, codeIssuedAt: ctx.services.clock.now() }),
    ChallengeParameters: { ...step.parameters, USER_ID_FOR_SRP: user.username },
  };
}

/** Checks that a session still belongs to the user as it is now. */
export function assertSessionCurrent(payload: AuthSessionPayload, user: User): void {
  const opened = payload.flags?.passwordUpdatedAt;
  if (opened !== undefined && opened !== (user.passwordUpdatedAt ?? 0)) {
    throw err.notAuthorized('Invalid session for the user, session is expired.');
  }
}

const CODE_CHALLENGES: ReadonlySet<MfaChallengeName> = new Set<MfaChallengeName>(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);

/**
 * Checks an MFA answer (shared by the API and the hosted sign-in pages). A wrong MFA code is a failed
 * sign-in like a wrong password: the attempt is reserved against the lockout before the code is
 * judged, so the six digits cannot be guessed for as long as the session lasts, nor by many guesses
 * at once. Only a mismatch keeps the reservation; a right code or any other outcome hands it back.
 */
export async function answerMfaCounted(
  ctx: SignInContext,
  user: User,
  challengeName: MfaChallengeName,
  responses: Record<string, string>,
  state: MfaSessionState,
): ReturnType<typeof answerMfaChallenge> {
  if (!CODE_CHALLENGES.has(challengeName)) {
    await assertNotLocked(ctx.services, ctx.pool.Id, user.usernameKey);
    return answerMfaChallenge(ctx.services, ctx.pool, user, challengeName, responses, state);
  }
  const reservation = await reserveAttempt(ctx.services, ctx.pool.Id, user.usernameKey);
  try {
    const result = await answerMfaChallenge(ctx.services, ctx.pool, user, challengeName, responses, state);
    await releaseAttempt(ctx.services, reservation);
    return result;
  } catch (error) {
    if (!(error instanceof CognitoError && error.type === 'CodeMismatchException')) await releaseAttempt(ctx.services, reservation);
    throw error;
  }
}

/** Answers an MFA challenge: tokens when it was the last step, the next challenge otherwise. */
export async function respondMfa(
  ctx: SignInContext,
  user: User,
  payload: AuthSessionPayload,
  challengeName: MfaChallengeName,
  responses: Record<string, string>,
): Promise<AuthOutcome> {
  const state = { mfaSetupVerified: payload.mfaSetupVerified, selectedMfa: payload.selectedMfa, codeIssuedAt: payload.codeIssuedAt };
  const result = await answerMfaCounted(ctx, user, challengeName, responses, state);
  if ('done' in result) return finishSignIn(ctx, user, true);
  if (result.next.kind === 'none') return finishSignIn(ctx, user, true);
  const selectedMfa = challengeName === 'SELECT_MFA_TYPE' ? responses.ANSWER : payload.selectedMfa;
  return mfaChallenge(ctx, user, result.next, selectedMfa ? { selectedMfa } : {});
}

/**
 * NEW_PASSWORD_REQUIRED: the new password must meet the policy; `userAttributes.<name>` responses fill
 * the required attributes the user lacks (and may set other attributes the client can write).
 * Password, attributes, aliases and the CONFIRMED status are written together.
 */
export async function respondNewPassword(ctx: SignInContext, user: User, responses: Record<string, string>): Promise<AuthOutcome> {
  return afterFirstFactor(ctx, await applyNewPassword(ctx, user, responses));
}

/** The writes of a NEW_PASSWORD_REQUIRED answer (shared by the API and the hosted pages); returns the user as now stored. */
export async function applyNewPassword(ctx: SignInContext, user: User, responses: Record<string, string>): Promise<User> {
  const { services, pool } = ctx;
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw err.notAuthorized('Invalid session for the user, session is expired.');
  const password = requiredParameter(responses, 'NEW_PASSWORD');
  checkPasswordPolicy(pool, password);

  const given = Object.entries(responses)
    .filter(([key]) => key.startsWith(ATTRIBUTE_PREFIX))
    .map(([key, value]) => ({ Name: key.slice(ATTRIBUTE_PREFIX.length), Value: value }));
  const writes = attributeWrites(ctx, user, given);
  const next = new Map(Object.entries(user.attributes));
  for (const [name, value] of writes) {
    if (value === '') next.delete(name);
    else next.set(name, value);
  }
  const missing = requiredAttributes(pool).filter((name) => name !== 'sub' && !next.get(name));
  if (missing.length > 0) throw err.invalidParameter(`Invalid attributes given, ${missing.join(' and ')} is missing`);

  await assertPasswordNotReused(services, pool, user, password);
  const now = services.clock.now();
  const removed = Object.keys(user.attributes).filter((name) => !next.has(name));
  const changed = [...next].filter(([name, value]) => user.attributes[name] !== value);
  await services.store.transaction(async (trx) => {
    await repo.deleteAttributes(trx, pool.Id, user.usernameKey, removed);
    for (const [name, value] of changed) await repo.setAttribute(trx, pool.Id, user.usernameKey, name, value);
    await syncAliases(trx, pool, user.usernameKey, next, { creating: false }, now);
    await rememberReplacedPassword(trx, services, pool, user);
    await repo.updateUser(trx, pool.Id, user.usernameKey, {
      sealed_password: sealPassword(services, user, password),
      password_updated_at: now,
      status: 'CONFIRMED',
      updated_at: now,
    });
  });
  const updated = await findUser(services, pool, user.usernameKey);
  if (!updated) throw err.userNotFound();
  return updated;
}

const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);

/**
 * The attribute writes of a NEW_PASSWORD_REQUIRED response. Attributes the user lacks may be set even
 * when immutable (that is how required immutable attributes get their first value); a required
 * attribute that already has a value cannot be changed here, as Cognito documents; the client's
 * WriteAttributes apply, and the verified flags are never the user's to set unless the client allows it.
 */
function attributeWrites(ctx: SignInContext, user: User, given: { Name: string; Value: string }[]): Map<string, string> {
  if (given.length === 0) return new Map();
  const writable = ctx.client.WriteAttributes ? new Set(ctx.client.WriteAttributes) : undefined;
  for (const { Name } of given) {
    const allowed = writable ? writable.has(Name) : !VERIFIED_FLAGS.has(Name);
    if (!allowed) throw err.notAuthorized('A client attempted to write unauthorized attribute');
  }
  const fresh = given.filter((a) => user.attributes[a.Name] === undefined);
  const existing = given.filter((a) => user.attributes[a.Name] !== undefined);
  const required = new Set(requiredAttributes(ctx.pool));
  for (const { Name, Value } of existing) {
    if (required.has(Name) && Value !== user.attributes[Name]) throw err.invalidParameter(`Cannot modify an already provided ${Name}`);
  }
  return new Map([
    ...validateAttributeWrites(ctx.pool, fresh, { mode: 'create', admin: ctx.admin }),
    ...validateAttributeWrites(ctx.pool, existing, { mode: 'update', admin: ctx.admin }),
  ]);
}
