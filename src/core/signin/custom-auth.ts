import type { SignInState } from './session.js';
import type { ChallengeStep, SignInStep } from './steps.js';
import { challengeState, nowSeconds } from './steps.js';
import { checkStateUser, finish } from './engine.js';
import { startSrp, verifySrp } from './srp.js';
import { siteOf, triggerExtensions } from './trigger-extensions.js';
import type { SignInContext } from './user.js';
import { assertUserCanSignIn, findSignInUser, incorrectCredentials, requiredParameter, unknownUser } from './user.js';
import { assertNotLocked } from './lockout.js';
import { checkSecretHash } from '../client/secret-hash.js';
import { CognitoError, err } from '../errors.js';
import type { ChallengeResult } from '../trigger/custom-auth-triggers.js';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallengeResponse } from '../trigger/custom-auth-triggers.js';
import { hasTrigger } from '../trigger/invoke.js';
import type { User } from '../user/users.js';

/**
 * CUSTOM_AUTH (InitiateAuth / AdminInitiateAuth, API channel only: Cognito's hosted UI cannot run it).
 * DefineAuthChallenge decides each step from the challenges answered so far: fail, issue tokens, or
 * another challenge — CUSTOM_CHALLENGE (put by CreateAuthChallenge, judged by
 * VerifyAuthChallengeResponse) or, when the client started with `CHALLENGE_NAME: SRP_A`, the password
 * as PASSWORD_VERIFIER. The answered challenges and the private parameters of the open challenge
 * travel in the sealed state (session.ts), never to the client. Tokens end the sign-in through the
 * engine's finish (remembered devices, PostAuthentication); MFA does not follow a custom sign-in.
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

/** InitiateAuth CUSTOM_AUTH. */
export async function startCustomAuth(ctx: SignInContext, params: Record<string, string> | undefined): Promise<SignInStep> {
  if (!hasTrigger(ctx.pool, 'DefineAuthChallenge')) throw err.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
  const typed = requiredParameter(params, 'USERNAME');
  const user = await findSignInUser(ctx.services, ctx.pool, typed);
  checkSecretHash(ctx.services, ctx.client, params?.SECRET_HASH, [typed, user?.username, user?.sub]);
  await triggerExtensions(ctx).beforeFirstFactor(ctx, user, typed);
  // Cognito runs the trio with `userNotFound` for unknown names under PreventUserExistenceErrors;
  // Cognate reports the unknown name as any other flow does.
  if (!user) throw unknownUser(ctx);
  assertUserCanSignIn(user);
  await assertNotLocked(ctx.services, ctx.pool.Id, user.usernameKey);
  const withSrp = params?.CHALLENGE_NAME === 'SRP_A';
  const custom: CustomAuthState = withSrp
    ? { history: [{ challengeName: 'SRP_A', challengeResult: true }], srpA: requiredParameter(params, 'SRP_A') }
    : { history: [] };
  return nextStep(ctx, user, custom, nowSeconds(ctx), params);
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: Verify judges ANSWER, then Define decides again. */
export async function answerCustomChallenge(ctx: SignInContext, state: SignInState, user: User, responses: Record<string, string>): Promise<SignInStep> {
  const custom = customOf(state);
  const answer = requiredParameter(responses, 'ANSWER');
  const correct = await verifyAuthChallengeResponse(siteOf(ctx), user, custom.privateParameters ?? {}, answer);
  const answered: ChallengeResult = {
    challengeName: 'CUSTOM_CHALLENGE',
    challengeResult: correct,
    ...(custom.challengeMetadata !== undefined ? { challengeMetadata: custom.challengeMetadata } : {}),
  };
  return nextStep(ctx, user, { history: [...custom.history, answered] }, state.authTime ?? nowSeconds(ctx), responses);
}

/** RespondToAuthChallenge PASSWORD_VERIFIER inside a custom sign-in: SRP's proof, then Define again. */
export async function answerCustomPassword(ctx: SignInContext, state: SignInState, responses: Record<string, string>): Promise<SignInStep> {
  const custom = customOf(state);
  const user = checkStateUser(state, await verifySrp(ctx, responses));
  const history = [...custom.history, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }];
  return nextStep(ctx, user, { history }, nowSeconds(ctx), responses);
}

/** Whether a state belongs to a custom sign-in. */
export const isCustomState = (state: SignInState): boolean => state.custom !== undefined;

function customOf(state: SignInState): CustomAuthState {
  if (!state.custom) throw err.sessionExpired();
  return state.custom;
}

async function nextStep(ctx: SignInContext, user: User, custom: CustomAuthState, authTime: number, params: Record<string, string> | undefined): Promise<SignInStep> {
  if (custom.history.length > MAX_CUSTOM_CHALLENGES) throw incorrectCredentials();
  const site = siteOf(ctx);
  const decision = await defineAuthChallenge(site, user, custom.history);
  if (decision.kind === 'fail') throw incorrectCredentials();
  if (decision.kind === 'tokens') return finish(ctx, user, authTime, false);
  if (decision.challengeName === 'PASSWORD_VERIFIER' && custom.srpA !== undefined && !custom.history.some((c) => c.challengeName === 'PASSWORD_VERIFIER')) {
    const srp = await startSrp(ctx, { ...(params ?? {}), USERNAME: user.username, SRP_A: custom.srpA });
    return withState(ctx, user, srp, authTime, { history: custom.history });
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoError('InvalidLambdaResponseException', `Invalid lambda response received: challenge ${decision.challengeName} cannot be issued here`);
  }
  const created = await createAuthChallenge(site, user, 'CUSTOM_CHALLENGE', custom.history);
  const step: ChallengeStep = { kind: 'challenge', challengeName: 'CUSTOM_CHALLENGE', parameters: { ...created.publicParameters, USERNAME: user.username } };
  return withState(ctx, user, step, authTime, {
    history: custom.history,
    privateParameters: created.privateParameters,
    ...(created.metadata !== undefined ? { challengeMetadata: created.metadata } : {}),
  });
}

/** Room the custom state may take in the sealed Session (at most 2048 characters in all). */
const MAX_CUSTOM_STATE_CHARS = 1_000;

function withState(ctx: SignInContext, user: User, step: ChallengeStep, authTime: number, custom: CustomAuthState): ChallengeStep {
  if (JSON.stringify(custom).length > MAX_CUSTOM_STATE_CHARS) {
    throw new CognitoError('InvalidLambdaResponseException', 'Invalid lambda response received: the private challenge parameters and metadata are too large');
  }
  return { ...step, state: challengeState(ctx, user, step.challengeName, authTime, { custom }) };
}

