import { afterPassword, extensionsFor, finish, passwordFirstFactor } from './engine.js';
import type { FirstFactor } from './extensions.js';
import { assertNotLocked } from './lockout.js';
import { checkPasswordSignIn } from './password.js';
import type { SignInState } from './session.js';
import { recordSignInEvent } from './sign-in-events.js';
import { startSrp } from './srp.js';
import type { ChallengeStep, FirstFactorChallengeName, SignInStep } from './steps.js';
import { challengeState, nowSeconds } from './steps.js';
import type { SignInContext } from './user.js';
import { assertUserCanSignIn, findSignInUser, incorrectCredentials, requiredParameter, unknownUser } from './user.js';
import { checkSecretHash } from '../client/secret-hash.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import type { User } from '../user/users.js';

/**
 * USER_AUTH, Cognito's choice-based sign-in: the first factors a user may use are the pool's
 * (SignInPolicy.AllowedFirstAuthFactors) that the user has — a password (offered as PASSWORD and
 * PASSWORD_SRP), a verified e-mail address or phone number (EMAIL_OTP, SMS_OTP), a passkey
 * (WEB_AUTHN). PREFERRED_CHALLENGE starts one at once; otherwise SELECT_CHALLENGE lists them
 * (AvailableChallenges) and the answer's ANSWER picks one. The password factors go on as any
 * password sign-in (engine.afterPassword, so MFA applies); a passwordless factor (the engine's
 * `firstFactors`) is proof enough on its own and goes straight to engine.finish, as Cognito skips
 * MFA after it.
 */

const PASSWORD_CHOICES: FirstFactorChallengeName[] = ['PASSWORD', 'PASSWORD_SRP'];

/** The pool's first factors (SignInPolicy.AllowedFirstAuthFactors), PASSWORD alone when it names none. */
export const allowedFactors = (pool: UserPool): string[] => (pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors as string[] | undefined) ?? ['PASSWORD'];

/** The first factors this user can choose now, in Cognito's order. */
export async function availableChallenges(ctx: SignInContext, user: User): Promise<FirstFactorChallengeName[]> {
  const allowed = allowedFactors(ctx.pool);
  const out: FirstFactorChallengeName[] = [];
  if (allowed.includes('PASSWORD') && user.sealedPassword) out.push(...PASSWORD_CHOICES);
  for (const [name, factor] of Object.entries(extensionsFor(ctx).firstFactors)) {
    if (allowed.includes(name) && (await factor.usable(ctx.services, ctx.pool, user))) out.push(name as FirstFactorChallengeName);
  }
  return out;
}

/** InitiateAuth / AdminInitiateAuth with AuthFlow USER_AUTH. */
export async function startUserAuth(ctx: SignInContext, params: Record<string, string> | undefined): Promise<SignInStep> {
  const { services, pool, client } = ctx;
  const typed = requiredParameter(params, 'USERNAME');
  const found = await findSignInUser(services, pool, typed);
  // The hosted pages are Cognito's own: a client with a secret proves it at the token endpoint instead.
  if (ctx.channel !== 'hosted') checkSecretHash(services, client, params?.SECRET_HASH, [typed, found?.username, found?.sub]);
  const preferred = params?.PREFERRED_CHALLENGE;
  const allowed = allowedFactors(pool);
  // The password factors run their own checks (PreAuthentication, unknown names, lockout) as in their flows.
  if (preferred === 'PASSWORD' && allowed.includes('PASSWORD')) return passwordFirstFactor(ctx, found, typed, requiredParameter(params, 'PASSWORD'));
  if (preferred === 'PASSWORD_SRP' && allowed.includes('PASSWORD')) return startSrp(ctx, { ...params, SRP_A: requiredParameter(params, 'SRP_A') });

  await extensionsFor(ctx).beforeFirstFactor(ctx, found, typed);
  if (!found) return unknownUserMenu(ctx, typed);
  assertUserCanSignIn(found);
  await assertNotLocked(services, pool.Id, found.usernameKey);
  const available = await availableChallenges(ctx, found);
  if (available.length === 0) throw incorrectCredentials();
  const factor = preferred !== undefined && available.includes(preferred as FirstFactorChallengeName) ? firstFactor(ctx, preferred) : undefined;
  if (factor) return factor.start(ctx, found, nowSeconds(ctx));
  return selectChallenge(ctx, found, available);
}

function selectChallenge(ctx: SignInContext, user: Pick<User, 'username' | 'usernameKey' | 'sub' | 'passwordUpdatedAt'>, available: FirstFactorChallengeName[], fake = false): ChallengeStep {
  return {
    kind: 'challenge',
    challengeName: 'SELECT_CHALLENGE',
    parameters: { USERNAME: user.username, USER_ID_FOR_SRP: user.username },
    availableChallenges: available,
    state: challengeState(ctx, user, 'SELECT_CHALLENGE', nowSeconds(ctx), fake ? { fake: true } : {}),
  };
}

/**
 * A name without a user: Cognito's error, or, when the client hides unknown users, a menu of the
 * password factors whose every answer fails as a wrong password would (answerUnknownSelection).
 */
function unknownUserMenu(ctx: SignInContext, typed: string): ChallengeStep {
  if (ctx.client.PreventUserExistenceErrors !== 'ENABLED') throw unknownUser(ctx);
  const allowed = allowedFactors(ctx.pool);
  const menu = allowed.includes('PASSWORD') ? PASSWORD_CHOICES : [];
  if (menu.length === 0) throw incorrectCredentials();
  return selectChallenge(ctx, { username: typed, usernameKey: '', sub: '', passwordUpdatedAt: 0 }, menu, true);
}

const firstFactor = (ctx: SignInContext, name: string): FirstFactor | undefined =>
  Object.hasOwn(extensionsFor(ctx).firstFactors, name) ? extensionsFor(ctx).firstFactors[name] : undefined;

/** Whether a state belongs to USER_AUTH: its menu, or a passwordless factor waiting for its answer. */
export const isUserAuthState = (state: SignInState): boolean => state.challengeName === 'SELECT_CHALLENGE' || state.firstFactor !== undefined;

/** RespondToAuthChallenge for a USER_AUTH state, for its current user (the channel checked the state and the USERNAME). */
export async function answerUserAuth(ctx: SignInContext, state: SignInState, user: User, responses: Record<string, string>): Promise<SignInStep> {
  const authTime = state.authTime ?? nowSeconds(ctx);
  if (state.firstFactor !== undefined) {
    const factor = firstFactor(ctx, state.firstFactor);
    if (!factor) throw err.sessionExpired();
    try {
      await factor.answer(ctx, state, user, responses);
    } catch (error) {
      // A wrong code or a failed passkey is a failed sign-in, as a wrong password is.
      if (error instanceof CognitoError && (error.type === 'CodeMismatchException' || error.type === 'NotAuthorizedException')) await recordSignInEvent(ctx, user, 'Fail');
      throw error;
    }
    return finish(ctx, user, authTime, false);
  }
  const answer = requiredParameter(responses, 'ANSWER');
  await assertNotLocked(ctx.services, ctx.pool.Id, user.usernameKey);
  const available = await availableChallenges(ctx, user);
  if (!available.includes(answer as FirstFactorChallengeName)) throw err.invalidParameter(`The challenge ${answer} is not available for the user.`);
  if (answer === 'PASSWORD') {
    const password = requiredParameter(responses, 'PASSWORD');
    const proven = await checkPasswordSignIn(ctx, user, responses.USERNAME ?? user.username, password, () => unknownUser(ctx));
    return afterPassword(ctx, proven, nowSeconds(ctx));
  }
  if (answer === 'PASSWORD_SRP') return startSrpAfterSelection(ctx, user, responses);
  return firstFactor(ctx, answer)!.start(ctx, user, authTime);
}

// PreAuthentication already ran when the sign-in began: CHALLENGE_NAME SRP_A tells startSrp so.
const startSrpAfterSelection = (ctx: SignInContext, user: Pick<User, 'username'>, responses: Record<string, string>) =>
  startSrp(ctx, { USERNAME: responses.USERNAME ?? user.username, SRP_A: requiredParameter(responses, 'SRP_A'), CHALLENGE_NAME: 'SRP_A', ...(responses.SECRET_HASH ? { SECRET_HASH: responses.SECRET_HASH } : {}) });

/**
 * The answer to the menu shown for a name without a user: a password costs what a wrong one costs and
 * fails the same way; PASSWORD_SRP gets SRP's look-alike challenge; anything else fails as a wrong password.
 */
export async function answerUnknownSelection(ctx: SignInContext, typed: string, responses: Record<string, string>): Promise<SignInStep> {
  const answer = requiredParameter(responses, 'ANSWER');
  if (answer === 'PASSWORD') {
    await checkPasswordSignIn(ctx, undefined, typed, requiredParameter(responses, 'PASSWORD'), () => unknownUser(ctx));
  }
  if (answer === 'PASSWORD_SRP') return startSrpAfterSelection(ctx, { username: typed }, responses);
  throw incorrectCredentials();
}
