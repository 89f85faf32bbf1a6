import type { SignInState } from './session.js';
import type { ChallengeName, ChallengeStep, SignInStep } from './steps.js';
import { challengeState, nowSeconds } from './steps.js';
import type { SignInChannel, SignInContext } from './user.js';
import { assertTemporaryPasswordValid, findSignInUser, unknownUser } from './user.js';
import { applyNewPassword, newPasswordParameters } from './new-password.js';
import { checkPasswordSignIn } from './password.js';
import { assertNotLocked, judgeAttempt, notCodeMismatch, recordSuccessfulSignIn, reserveAttempt } from './lockout.js';
import type { SignInExtensions } from './extensions.js';
import { triggerExtensions } from './trigger-extensions.js';
import { answerDeviceSrp, deviceStepBeforeMfa, deviceStepBeforeTokens, verifyDevicePassword, withDevice } from '../device/signin.js';
import { CognitoError, err } from '../errors.js';
import type { MfaChallengeName, MfaSessionState, MfaStep } from '../mfa/factors.js';
import { answerMfaChallenge, nextMfaStep } from '../mfa/factors.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';
import { recordSignInEvent } from './sign-in-events.js';
import { blockCompromisedSignIn } from '../events/risk.js';

/**
 * The sign-in engine: every channel (the Cognito API's InitiateAuth/RespondToAuthChallenge and their
 * Admin twins in flows.ts, the hosted sign-in pages in hosted.ts, the OAuth password grant in
 * oauth/password-grant.ts) drives these functions, and each supplies only its own ending for a
 * finished sign-in (API tokens; an SSO session and authorization code; token-endpoint tokens).
 *
 * A sign-in is a state (session.ts, sealed the same way for every channel) and a step answering the
 * next challenge or the finished sign-in (steps.ts):
 *
 *   first factor ── password (signInWithPassword / passwordFirstFactor; SRP in srp.ts)
 *                 └─ already proven (afterFirstFactor: sign-up continuation; later external
 *                    identity providers and passwordless factors)
 *   afterPassword:     FORCE_CHANGE_PASSWORD ─> NEW_PASSWORD_REQUIRED ─(answer)─> afterFirstFactor
 *   afterFirstFactor:  remembered device replacing MFA ─> DEVICE_SRP_AUTH ─> DEVICE_PASSWORD_VERIFIER ─> finish
 *                      custom challenge (extension) ─> …
 *                      MFA ─> SOFTWARE_TOKEN_MFA | SMS_MFA | EMAIL_OTP ─(right code)─> finish
 *                           ─> SELECT_MFA_TYPE ─(choice)─> the chosen factor's challenge
 *                           ─> MFA_SETUP ─(VerifySoftwareToken, then answer)─> finish
 *                      no MFA ─> finish
 *   finish:            remembered device not yet proven ─> DEVICE_SRP_AUTH …; else signed-in
 *
 * The rules live once, here and in the modules named: account state and the password with its
 * lockout reservation and equal work for unknown names (password.ts, lockout.ts, user.ts), temporary
 * passwords and NEW_PASSWORD_REQUIRED (new-password.ts), MFA (mfa/factors.ts), remembered devices
 * (device/signin.ts), whether a state is still current (checkStateUser).
 *
 * What differs by channel is in CHANNELS: only the API presents device keys, and the password grant
 * answers no challenge (so no code is sent for one). Extension points (extensions.ts): UserMigration
 * (`migrateUser`, for a name without a user), PreAuthentication (`beforeFirstFactor`), a custom
 * challenge after the first factor (`customChallenge`; the CUSTOM_AUTH flow itself is custom-auth.ts,
 * ending in finish), PostAuthentication (`afterSignIn`, in finish),
 * passwordless first factors (`firstFactors`), external identity providers (a proven first factor:
 * `afterFirstFactor`). PreTokenGeneration is no extension: the token issuer runs it for every channel
 * that mints tokens (core/token/tokens.ts), refresh and client credentials included.
 */

interface ChannelRules {
  /** Whether the channel presents DEVICE_KEYs and receives new ones (remembered devices). */
  devices: boolean;
  /** Whether the channel can answer a challenge at all. */
  challenges: boolean;
}

const CHANNELS: Record<SignInChannel, ChannelRules> = {
  api: { devices: true, challenges: true },
  hosted: { devices: false, challenges: true },
  'password-grant': { devices: false, challenges: false },
};

/** The extensions in force for a sign-in: the pool's sign-in triggers (LambdaConfig), NO_EXTENSIONS without any. */
export function extensionsFor(ctx: SignInContext): SignInExtensions {
  return triggerExtensions(ctx);
}

export const MFA_CHALLENGES: ReadonlySet<ChallengeName> = new Set<MfaChallengeName>(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE', 'MFA_SETUP']);

/** The challenges answered with a state (all but PASSWORD_VERIFIER, whose state is SRP's SECRET_BLOCK). */
export const STATEFUL_CHALLENGES: ReadonlySet<string> = new Set<ChallengeName>([
  'NEW_PASSWORD_REQUIRED',
  ...MFA_CHALLENGES,
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  // USER_AUTH's (user-auth.ts, which flows.ts routes to before answerChallenge).
  'SELECT_CHALLENGE',
  'SMS_OTP',
  'WEB_AUTHN',
]);

/** A password sign-in from its typed name: the user looked up by sign-in name, then the password judged. */
export async function signInWithPassword(ctx: SignInContext, typed: string, password: string): Promise<SignInStep> {
  return passwordFirstFactor(ctx, await findSignInUser(ctx.services, ctx.pool, typed), typed, password);
}

/**
 * The password as first factor, for the user a channel found by the typed name (the API checks its
 * SECRET_HASH in between): account state, lockout reservation, verifier, in Cognito's order, and the
 * same work for a name without a user (password.ts).
 */
export async function passwordFirstFactor(ctx: SignInContext, found: User | undefined, typed: string, password: string): Promise<SignInStep> {
  const extensions = extensionsFor(ctx);
  const candidate = found ?? (await extensions.migrateUser(ctx, typed, password));
  await extensions.beforeFirstFactor(ctx, candidate, typed);
  let user: User;
  try {
    user = await checkPasswordSignIn(ctx, candidate, typed, password, () => unknownUser(ctx));
  } catch (error) {
    // A failed sign-in is one of the user's auth events (core/events). For a name without a user the
    // same statements run and write nothing, so the work does not tell the two apart.
    if (error instanceof CognitoError && error.type === 'NotAuthorizedException')
      await recordSignInEvent(ctx, candidate ?? { sub: ctx.services.random.uuid(), username: typed }, 'Fail');
    throw error;
  }
  await blockCompromisedSignIn(ctx.services, ctx.pool, ctx.client.ClientId, user, password, 'SignIn', ctx.origin);
  return afterPassword(ctx, user, nowSeconds(ctx));
}

/**
 * Once the password is proven: a temporary password leads to NEW_PASSWORD_REQUIRED, then the rest of
 * the sign-in. The failure count is cleared only when the sign-in finishes, so a right password does
 * not wipe the count of wrong MFA codes.
 */
export async function afterPassword(ctx: SignInContext, user: User, authTime: number): Promise<SignInStep> {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    assertTemporaryPasswordValid(ctx.services, ctx.pool, user);
    return {
      kind: 'challenge',
      challengeName: 'NEW_PASSWORD_REQUIRED',
      parameters: newPasswordParameters(ctx.pool, user),
      state: challengeState(ctx, user, 'NEW_PASSWORD_REQUIRED', authTime),
    };
  }
  return afterFirstFactor(ctx, user, authTime);
}

/**
 * After a proven first factor (a password, or one that arrives already proven): remembered devices,
 * custom challenges, then MFA if the pool and user call for it (SMS and e-mail codes are sent now),
 * else the finished sign-in.
 */
export async function afterFirstFactor(ctx: SignInContext, user: User, authTime: number): Promise<SignInStep> {
  const rules = CHANNELS[ctx.channel];
  // An unknown DEVICE_KEY is refused before any MFA code is sent, and a remembered device proves
  // itself here instead of MFA where DeviceConfiguration says so.
  if (rules.devices) {
    const deviceChallenge = await deviceStepBeforeMfa(ctx, user, authTime);
    if (deviceChallenge) return deviceChallenge;
  }
  const custom = await extensionsFor(ctx).customChallenge(ctx, user, authTime);
  if (custom) return custom;
  const step = await nextMfaStep(ctx.services, ctx.pool, user, { sendCodes: rules.challenges });
  return step.kind === 'none' ? finish(ctx, user, authTime, false) : mfaChallenge(ctx, user, authTime, step, {});
}

/**
 * The end of every sign-in. `mfaAnswered`: the user just answered an MFA challenge (the device step
 * depends on it). PostAuthentication runs before the failure count is cleared, so a refusal changes nothing.
 */
export async function finish(ctx: SignInContext, user: User, authTime: number, mfaAnswered: boolean): Promise<SignInStep> {
  let device: { deviceKey?: string; newDevice?: { DeviceKey: string; DeviceGroupKey: string } } = {};
  if (CHANNELS[ctx.channel].devices) {
    // A remembered device not yet proven gets DEVICE_SRP_AUTH first; a sign-in without a device key
    // gets a new one, and the tokens carry the device.
    const step = await deviceStepBeforeTokens(ctx, user, mfaAnswered, authTime);
    if ('challenge' in step) return step.challenge;
    device = step;
  }
  await extensionsFor(ctx).afterSignIn(ctx, user, device.newDevice !== undefined);
  if (!ctx.failuresCleared) await recordSuccessfulSignIn(ctx.services, ctx.pool.Id, user.usernameKey);
  await recordSignInEvent(ctx, user, 'Pass');
  return { kind: 'signed-in', user, authTime, ...device };
}

function mfaChallenge(ctx: SignInContext, user: User, authTime: number, step: Extract<MfaStep, { kind: 'challenge' }>, extra: Partial<SignInState>): ChallengeStep {
  const parameters = { ...step.parameters, USER_ID_FOR_SRP: user.username };
  return {
    kind: 'challenge',
    challengeName: step.challengeName,
    parameters,
    state: challengeState(ctx, user, step.challengeName, authTime, { ...extra, parameters, codeIssuedAt: ctx.services.clock.now() }),
  };
}

/**
 * Whether a state still belongs to the user as they are now (`found`, looked up by the state's key):
 * it dies with a deleted or replaced user, a changed password, an account disabled meanwhile or one
 * that can no longer sign in (reset by an administrator).
 */
export function checkStateUser(state: SignInState, found: User | undefined): User {
  if (!found || found.usernameKey !== state.usernameKey || (state.sub !== undefined && found.sub !== state.sub)) throw err.sessionExpired();
  if (!found.enabled) throw err.userDisabled();
  if ((found.passwordUpdatedAt ?? 0) !== (state.passwordUpdatedAt ?? 0)) throw err.sessionExpired();
  if (found.status === 'RESET_REQUIRED' || found.status === 'UNCONFIRMED') throw err.sessionExpired();
  return found;
}

/** The user a state names, as they are now (checkStateUser). */
export async function stateUser(ctx: SignInContext, state: SignInState): Promise<User> {
  return checkStateUser(state, await findUser(ctx.services, ctx.pool, state.usernameKey));
}

/**
 * Answers the challenge a state waits for, for its current user (stateUser). The channel has checked
 * that the state is its own and for this challenge.
 */
export async function answerChallenge(ctx: SignInContext, state: SignInState, user: User, responses: Record<string, string>): Promise<SignInStep> {
  const authTime = state.authTime ?? nowSeconds(ctx);
  // The DEVICE_KEY of the password step travels in the state.
  const next = CHANNELS[ctx.channel].devices ? withDevice(ctx, state.deviceKey ?? responses.DEVICE_KEY) : ctx;
  const challengeName = state.challengeName;
  if (challengeName === 'DEVICE_SRP_AUTH') return answerDeviceSrp(next, user, responses, authTime);
  if (challengeName === 'DEVICE_PASSWORD_VERIFIER') return finish(await verifyDevicePassword(next, user, responses), user, authTime, false);
  if (challengeName === 'NEW_PASSWORD_REQUIRED') return afterFirstFactor(next, await applyNewPassword(next, user, responses), authTime);
  if (!MFA_CHALLENGES.has(challengeName as ChallengeName)) throw err.sessionExpired();
  return answerMfa(next, state, user, challengeName as MfaChallengeName, responses, authTime);
}

/** An MFA answer: the finished sign-in when it was the last step, the next challenge otherwise. */
async function answerMfa(ctx: SignInContext, state: SignInState, user: User, challengeName: MfaChallengeName, responses: Record<string, string>, authTime: number): Promise<SignInStep> {
  const mfaState = { mfaSetupVerified: state.mfaSetupVerified, selectedMfa: state.selectedMfa, codeIssuedAt: state.codeIssuedAt };
  const result = await answerMfaCounted(ctx, user, challengeName, responses, mfaState);
  if ('done' in result || result.next.kind === 'none') return finish(ctx, user, authTime, true);
  const selectedMfa = challengeName === 'SELECT_MFA_TYPE' ? responses.ANSWER : state.selectedMfa;
  return mfaChallenge(ctx, user, authTime, result.next, selectedMfa ? { selectedMfa } : {});
}

const CODE_CHALLENGES: ReadonlySet<MfaChallengeName> = new Set<MfaChallengeName>(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);

/**
 * A wrong MFA code is a failed sign-in like a wrong password: the attempt is reserved against the
 * lockout before the code is judged, so the six digits cannot be guessed for as long as the session
 * lasts, nor by many guesses at once. Only a mismatch counts as a failure; a right code or any other
 * outcome hands it back.
 */
async function answerMfaCounted(
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
  const judged = await judgeAttempt(ctx.services, reservation, () => answerMfaChallenge(ctx.services, ctx.pool, user, challengeName, responses, state), notCodeMismatch);
  return judged.value;
}

