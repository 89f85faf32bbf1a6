import type { SignInState } from './session.js';
import type { ChallengeStep, SignInStep } from './steps.js';
import { challengeState, nowSeconds } from './steps.js';
import { checkStateUser, finish } from './engine.js';
import { startSrp, unknownUserId, unknownUuidOfKey, verifySrp } from './srp.js';
import { siteOf, triggerExtensions } from './trigger-extensions.js';
import type { SignInContext } from './user.js';
import { assertUserCanSignIn, findSignInUser, incorrectCredentials, requiredParameter, unknownUser } from './user.js';
import { assertNotLocked } from './lockout.js';
import { checkSecretHash } from '../client/secret-hash.js';
import { CognitoError, err } from '../errors.js';
import type { ChallengeResult, ChallengeSubject } from '../trigger/custom-auth-triggers.js';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallengeResponse } from '../trigger/custom-auth-triggers.js';
import { hasTrigger } from '../trigger/invoke.js';
import { triggerAttributes } from '../trigger/signin-triggers.js';
import type { User } from '../user/users.js';
import { usernameKeyOf } from '../user/users.js';

/**
 * CUSTOM_AUTH (InitiateAuth / AdminInitiateAuth, API channel only: Cognito's hosted UI cannot run it).
 * DefineAuthChallenge decides each step from the challenges answered so far: fail, issue tokens, or
 * another challenge — CUSTOM_CHALLENGE (put by CreateAuthChallenge, judged by
 * VerifyAuthChallengeResponse) or, when the client started with `CHALLENGE_NAME: SRP_A`, the password
 * as PASSWORD_VERIFIER. The answered challenges and the private parameters of the open challenge
 * travel in the sealed state (session.ts), never to the client. Tokens end the sign-in through the
 * engine's finish (remembered devices, PostAuthentication); MFA does not follow a custom sign-in.
 *
 * A name that matches no user, when the client hides unknown users (PreventUserExistenceErrors
 * ENABLED), goes through the same loop as Cognito does it: the functions run with `userNotFound: true`
 * and no attributes, and decide; Define's `issueTokens` is refused like a wrong password. Its state is
 * marked `fake`, and every custom state is padded to a step of length, so the answers (challenges,
 * USERNAME, Session size, errors) show nothing the functions themselves do not.
 */

/** What a custom sign-in carries between its steps. */
export interface CustomAuthState {
  history: ChallengeResult[];
  /** The SRP_A the client started with, for a PASSWORD_VERIFIER Define may ask for. */
  srpA?: string;
  /** The open CUSTOM_CHALLENGE's private parameters and metadata (CreateAuthChallenge's answer). */
  privateParameters?: Record<string, string>;
  challengeMetadata?: string;
}

/** More answered challenges than this and the sign-in fails: Cognate's bound on a runaway Define. */
export const MAX_CUSTOM_CHALLENGES = 8;

/** Whom a custom sign-in is for: a user, or a name matching none (PreventUserExistenceErrors ENABLED). */
type Signer =
  | { kind: 'user'; user: User }
  /** `typed`: the name as given; `userName`: what the functions and the client see (unknownUserId). */
  | { kind: 'unknown'; typed: string; userName: string; usernameKey: string };

const hidesUnknownUsers = (ctx: SignInContext): boolean => ctx.client.PreventUserExistenceErrors === 'ENABLED';

function subjectOf(ctx: SignInContext, signer: Signer): ChallengeSubject {
  if (signer.kind === 'unknown') return { userName: signer.userName, userAttributes: {}, userNotFound: true };
  const user = signer.user;
  return { userName: user.username, userAttributes: triggerAttributes(user), ...(hidesUnknownUsers(ctx) ? { userNotFound: false } : {}) };
}

const nameOf = (signer: Signer): string => (signer.kind === 'user' ? signer.user.username : signer.userName);

/** InitiateAuth CUSTOM_AUTH. */
export async function startCustomAuth(ctx: SignInContext, params: Record<string, string> | undefined): Promise<SignInStep> {
  if (!hasTrigger(ctx.pool, 'DefineAuthChallenge')) throw err.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  const typed = requiredParameter(params, 'USERNAME');
  const user = await findSignInUser(ctx.services, ctx.pool, typed);
  checkSecretHash(ctx.services, ctx.client, params?.SECRET_HASH, [typed, user?.username, user?.sub]);
  await triggerExtensions(ctx).beforeFirstFactor(ctx, user, typed);
  let signer: Signer;
  if (user) {
    assertUserCanSignIn(user);
    await assertNotLocked(ctx.services, ctx.pool.Id, user.usernameKey);
    signer = { kind: 'user', user };
  } else {
    if (!hidesUnknownUsers(ctx)) throw unknownUser(ctx);
    // The read a known user's start costs (its lock), against the missing name.
    const usernameKey = usernameKeyOf(ctx.pool, typed);
    await assertNotLocked(ctx.services, ctx.pool.Id, usernameKey);
    signer = { kind: 'unknown', typed, userName: unknownUserId(ctx, typed), usernameKey };
  }
  const withSrp = params?.CHALLENGE_NAME === 'SRP_A';
  const custom: CustomAuthState = withSrp
    ? { history: [{ challengeName: 'SRP_A', challengeResult: true }], srpA: requiredParameter(params, 'SRP_A') }
    : { history: [] };
  return nextStep(ctx, signer, custom, nowSeconds(ctx), params);
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: Verify judges ANSWER, then Define decides again. */
export async function answerCustomChallenge(ctx: SignInContext, state: SignInState, user: User, responses: Record<string, string>): Promise<SignInStep> {
  return answer(ctx, state, { kind: 'user', user }, responses);
}

/**
 * RespondToAuthChallenge CUSTOM_CHALLENGE on a `fake` state (a name matching no user): the same steps
 * with `userNotFound`. A USERNAME other than the one the challenge named is refused, as for a user.
 */
export async function answerUnknownCustomChallenge(ctx: SignInContext, state: SignInState, typed: string, responses: Record<string, string>): Promise<SignInStep> {
  if (!state.fake) throw err.sessionExpired();
  const byUuid = (ctx.pool.UsernameAttributes?.length ?? 0) > 0;
  const userName = byUuid ? unknownUuidOfKey(ctx, state.usernameKey) : typed;
  if (usernameKeyOf(ctx.pool, typed) !== state.usernameKey && typed !== userName) throw incorrectCredentials();
  return answer(ctx, state, { kind: 'unknown', typed, userName, usernameKey: state.usernameKey }, responses);
}

async function answer(ctx: SignInContext, state: SignInState, signer: Signer, responses: Record<string, string>): Promise<SignInStep> {
  const custom = customOf(state);
  const given = requiredParameter(responses, 'ANSWER');
  const correct = await verifyAuthChallengeResponse(siteOf(ctx), subjectOf(ctx, signer), custom.privateParameters ?? {}, given);
  const answered: ChallengeResult = {
    challengeName: 'CUSTOM_CHALLENGE',
    challengeResult: correct,
    ...(custom.challengeMetadata !== undefined ? { challengeMetadata: custom.challengeMetadata } : {}),
  };
  return nextStep(ctx, signer, { history: [...custom.history, answered] }, state.authTime ?? nowSeconds(ctx), responses);
}

/** RespondToAuthChallenge PASSWORD_VERIFIER inside a custom sign-in: SRP's proof, then Define again. */
export async function answerCustomPassword(ctx: SignInContext, state: SignInState, responses: Record<string, string>): Promise<SignInStep> {
  const custom = customOf(state);
  // An unknown name's SRP challenge was a fake one (srp.ts): its claim always fails, as a wrong password.
  const proven = await verifySrp(ctx, responses);
  if (state.fake) throw incorrectCredentials();
  const user = checkStateUser(state, proven);
  const history = [...custom.history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }];
  return nextStep(ctx, { kind: 'user', user }, { history }, nowSeconds(ctx), responses);
}

/** Whether a state belongs to a custom sign-in. */
export const isCustomState = (state: SignInState): boolean => state.custom !== undefined;

function customOf(state: SignInState): CustomAuthState {
  if (!state.custom) throw err.sessionExpired();
  return state.custom;
}

async function nextStep(ctx: SignInContext, signer: Signer, custom: CustomAuthState, authTime: number, params: Record<string, string> | undefined): Promise<SignInStep> {
  if (custom.history.length > MAX_CUSTOM_CHALLENGES) throw incorrectCredentials();
  const site = siteOf(ctx);
  const subject = subjectOf(ctx, signer);
  const decision = await defineAuthChallenge(site, subject, custom.history);
  if (decision.kind === 'fail') throw incorrectCredentials();
  if (decision.kind === 'tokens') {
    // Never tokens for a name without a user, whatever Define says: the answer a wrong password gets.
    if (signer.kind === 'unknown') throw incorrectCredentials();
    return finish(ctx, signer.user, authTime, false);
  }
  if (decision.challengeName === 'PASSWORD_VERIFIER' && custom.srpA !== undefined && !custom.history.some((c) => c.challengeName === 'PASSWORD_VERIFIER')) {
    // For an unknown name startSrp answers its fake challenge (the client hides unknown users).
    const srpName = signer.kind === 'user' ? signer.user.username : signer.typed;
    const srp = await startSrp(ctx, { ...(params ?? {}), USERNAME: srpName, SRP_A: custom.srpA });
    return withState(ctx, signer, srp, authTime, { history: custom.history });
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoError('InvalidLambdaResponseException', `Invalid lambda response received: challenge ${decision.challengeName} cannot be issued here`);
  }
  const created = await createAuthChallenge(site, subject, 'CUSTOM_CHALLENGE', custom.history);
  const step: ChallengeStep = { kind: 'challenge', challengeName: 'CUSTOM_CHALLENGE', parameters: { ...created.publicParameters, USERNAME: nameOf(signer) } };
  return withState(ctx, signer, step, authTime, {
    history: custom.history,
    privateParameters: created.privateParameters,
    ...(created.metadata !== undefined ? { challengeMetadata: created.metadata } : {}),
  });
}

/** Room the custom state may take in the sealed Session (at most 2048 characters in all). */
const MAX_CUSTOM_STATE_CHARS = 1_000;

/** The step of length a custom sign-in's state is padded to (`pad`), covering what differs between a user's state and a `fake` one. */
const STATE_LENGTH_STEP = 64;

function withState(ctx: SignInContext, signer: Signer, step: ChallengeStep, authTime: number, custom: CustomAuthState): ChallengeStep {
  if (JSON.stringify(custom).length > MAX_CUSTOM_STATE_CHARS) {
    throw new CognitoError('InvalidLambdaResponseException', 'Invalid lambda response received: the private challenge parameters and metadata are too large');
  }
  const state = signer.kind === 'user' ? challengeState(ctx, signer.user, step.challengeName, authTime, { custom }) : unknownState(ctx, signer, step.challengeName, authTime, custom);
  // Every state is padded as if it carried the `fake` mark, so the mark itself adds no length.
  const marked = JSON.stringify({ ...state, fake: true, pad: '' }).length;
  const target = Math.ceil(marked / STATE_LENGTH_STEP) * STATE_LENGTH_STEP;
  return { ...step, state: { ...state, pad: ' '.repeat(target - JSON.stringify({ ...state, pad: '' }).length) } };
}

/** A name without a user: bound to its lookup key and marked `fake`; no user, sub or password to bind to. */
function unknownState(ctx: SignInContext, signer: Extract<Signer, { kind: 'unknown' }>, challengeName: string, authTime: number, custom: CustomAuthState): SignInState {
  const now = ctx.services.clock.now();
  // Stand-ins of a user's length for the sub and the password's date (the padding evens out the rest).
  const stand = { usernameKey: signer.usernameKey, sub: unknownUuidOfKey(ctx, `sub:${signer.usernameKey}`), passwordUpdatedAt: now };
  return { ...challengeState(ctx, stand, challengeName, authTime, { custom }), fake: true };
}
