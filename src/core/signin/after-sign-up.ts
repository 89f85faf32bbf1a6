import { afterFirstFactor, checkStateUser, extensionsFor } from './engine.js';
import { assertNotLocked } from './lockout.js';
import type { SignInState } from './session.js';
import { openSession, sealSession, sessionExpiry } from './session.js';
import type { SignInStep } from './steps.js';
import { nowSeconds } from './steps.js';
import type { SignInContext } from './user.js';
import { assertUserCanSignIn, incorrectCredentials, namesSameUser, requiredParameter } from './user.js';
import type { UserPoolClient } from '../client/clients.js';
import { checkSecretHash } from '../client/secret-hash.js';
import { err } from '../errors.js';
import { updateUserSettings } from '../mfa/settings.js';
import type { Services } from '../services.js';
import type { User, UserSettings } from '../user/users.js';
import { findUser } from '../user/users.js';
import { VERIFICATION_CODE_TTL_MS } from '../user/verification.js';

/**
 * Cognito's sign-in after sign-up: SignUp answers with a `Session`, ConfirmSignUp (given it or not)
 * answers with another, and InitiateAuth's USER_AUTH with that Session and the USERNAME signs the
 * user in without a further first factor — the confirmation code was one — and MFA still applies
 * (engine.afterFirstFactor). Both Sessions are the engine's sealed state (session.ts), bound to the
 * pool, the app client and the user (by sub and password), and made single-use by a nonce kept in the
 * user's settings: a newer Session replaces it, a sign-in spends it.
 *
 * The SignUp Session of a user still to confirm lives as long as the confirmation code; a confirmed
 * user's Session (ConfirmSignUp's, or SignUp's when PreSignUp confirmed the user) lives the client's
 * AuthSessionValidity ("the authentication flow session duration"), 3 minutes by default.
 */

/** The steps a sign-up Session stands for: waiting for ConfirmSignUp, or ready to sign in. */
const SIGNED_UP = 'SIGN_UP';
const CONFIRMED = 'SIGN_UP_CONFIRMED';

/** Where the nonce of the user's current sign-up Session is kept in the user's settings. */
const NONCE = 'signUpSession';

/** The settings with a fresh nonce, and the sealed Session carrying it. */
export function signUpSession(services: Services, client: UserPoolClient, user: Pick<User, 'poolId' | 'usernameKey' | 'sub' | 'passwordUpdatedAt' | 'status'>, settings: UserSettings): { session: string; settings: UserSettings } {
  const nonce = services.random.uuid();
  const confirmed = user.status === 'CONFIRMED';
  const state: SignInState = {
    poolId: user.poolId,
    clientId: client.ClientId,
    usernameKey: user.usernameKey,
    sub: user.sub,
    challengeName: confirmed ? CONFIRMED : SIGNED_UP,
    expiresAt: confirmed ? sessionExpiry(services, client.AuthSessionValidity) : services.clock.now() + VERIFICATION_CODE_TTL_MS,
    passwordUpdatedAt: user.passwordUpdatedAt ?? 0,
    signUpNonce: nonce,
  };
  return { session: sealSession(services, state), settings: { ...settings, [NONCE]: nonce } };
}

/**
 * ConfirmSignUp's Session, when one is given: SignUp's, for this client and user, and still the
 * user's latest. Anything else is Cognito's "Invalid session for the user, session is expired."
 */
export function checkSignUpSession(services: Services, client: UserPoolClient, user: User, session: string): void {
  const state = openSession(services, session, client.ClientId);
  if (state.challengeName !== SIGNED_UP || state.poolId !== user.poolId || state.usernameKey !== user.usernameKey || state.sub !== user.sub) throw err.sessionExpired();
  if (state.signUpNonce === undefined || user.settings[NONCE] !== state.signUpNonce) throw err.sessionExpired();
}

/** InitiateAuth / AdminInitiateAuth, USER_AUTH with a Session from ConfirmSignUp. */
export async function signInAfterSignUp(ctx: SignInContext, session: string, params: Record<string, string> | undefined): Promise<SignInStep> {
  const { services, pool, client } = ctx;
  const typed = requiredParameter(params, 'USERNAME');
  const state = openSession(services, session, client.ClientId);
  if (state.challengeName !== CONFIRMED || state.poolId !== pool.Id || state.channel !== undefined || state.signUpNonce === undefined) throw err.sessionExpired();
  const found = await findUser(services, pool, state.usernameKey);
  checkSecretHash(services, client, params?.SECRET_HASH, [typed, found?.username, found?.sub]);
  const user = checkStateUser(state, found);
  if (!(await namesSameUser(ctx, user, typed))) throw incorrectCredentials();
  await extensionsFor(ctx).beforeFirstFactor(ctx, user, typed);
  assertUserCanSignIn(user);
  await assertNotLocked(services, pool.Id, user.usernameKey);
  const spent = await spendNonce(services, user, state.signUpNonce);
  return afterFirstFactor(ctx, spent, nowSeconds(ctx));
}

/** Takes the nonce out of the user's settings; a Session whose nonce is gone (used, or replaced) is refused. */
async function spendNonce(services: Services, user: User, nonce: string): Promise<User> {
  let current = false;
  const updated = await updateUserSettings(services, user, (fresh) => {
    current = fresh.settings[NONCE] === nonce;
    if (!current) return fresh.settings;
    const { [NONCE]: _spent, ...rest } = fresh.settings;
    return rest;
  });
  if (!current) throw err.sessionExpired();
  return updated;
}
