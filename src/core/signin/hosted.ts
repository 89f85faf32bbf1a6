import type { RequestOrigin } from '../events/origin.js';
import { eventOrigin } from '../events/origin.js';
import type { SignInState } from './session.js';
import { openSession, sealSession } from './session.js';
import { afterFirstFactor, answerChallenge, signInWithPassword, stateUser } from './engine.js';
import type { SignInStep } from './steps.js';
import type { SignInContext } from './user.js';
import type { UserPoolClient } from '../client/clients.js';
import { err } from '../errors.js';
import { assertNotLocked } from './lockout.js';
import type { MfaChallengeName } from '../mfa/factors.js';
import { associateSoftwareToken, verifySoftwareToken } from '../mfa/totp.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';
import { credentialRequestOptions } from '../webauthn/signin.js';
import type { FirstFactorChallengeName } from './steps.js';
import { allowedFactors, answerUnknownSelection, answerUserAuth, startUserAuth } from './user-auth.js';

export { missingRequiredAttributes } from './new-password.js';

/**
 * The hosted sign-in pages' channel of the sign-in engine (engine.ts). Each page turns its form into
 * the engine's answer to the step the state waits for; the ending (SSO session and authorization
 * code) is the UI's. The state travels between pages as the engine's sealed state (session.ts) in the
 * sign-in cookie, marked as the hosted pages', and continues only here.
 *
 * One step is the pages' own: `SIGNED_UP`, the browser that just signed up, which goes straight on
 * to the client once the account is confirmed, its first factor proven by the sign-up.
 */

export type HostedStep = 'NEW_PASSWORD_REQUIRED' | MfaChallengeName | 'SIGNED_UP';

/** A hosted sign-in in progress: the engine's state, with `challengeName` one of the HostedSteps. */
export type HostedSignIn = SignInState;

/** The engine's step: done (create the SSO session, complete the authorization request), or another page first. */
export type HostedOutcome = SignInStep;

/** Long enough to read a confirmation code from an e-mail; the state only continues a sign-up just made. */
const SIGNED_UP_VALIDITY_MS = 15 * 60_000;

export const sealHostedSignIn = (services: Services, state: HostedSignIn): string => sealSession(services, state);

/** The sign-in in progress, or undefined when absent, forged, of another pool, client or channel, or expired. */
export function openHostedSignIn(services: Services, pool: UserPool, client: UserPoolClient, sealed: string | undefined): HostedSignIn | undefined {
  if (!sealed) return undefined;
  try {
    const state = openSession(services, sealed, client.ClientId);
    return state.poolId === pool.Id && state.channel === 'hosted' ? state : undefined;
  } catch {
    return undefined;
  }
}

const hostedContext = (services: Services, pool: UserPool, client: UserPoolClient, origin?: RequestOrigin): SignInContext => ({
  services,
  pool,
  client,
  channel: 'hosted',
  admin: false,
  ...(origin ? { origin: eventOrigin(origin, client) } : {}),
});

const expect = (state: HostedSignIn, ...steps: HostedStep[]) => {
  if (!steps.includes(state.challengeName as HostedStep)) throw err.sessionExpired();
};

/** The user the state names, as they are now (the engine's rule: the state dies with a changed password, a disabled or a replaced user). */
export const hostedStateUser = (services: Services, pool: UserPool, client: UserPoolClient, state: HostedSignIn): Promise<User> =>
  stateUser(hostedContext(services, pool, client), state);

/** The sign-in form. Cognito's errors come out as thrown CognitoErrors, whose messages the page shows. */
export async function signInWithPasswordForm(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  typed: string,
  password: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  return signInWithPassword(hostedContext(services, pool, client, origin), typed, password);
}

async function answer(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  responses: Record<string, string>,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  const ctx = hostedContext(services, pool, client, origin);
  return answerChallenge(ctx, state, await stateUser(ctx, state), responses);
}

/** The new-password page: NEW_PASSWORD_REQUIRED with the attributes the page asked for. */
export async function answerNewPassword(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  newPassword: string,
  attributes: Record<string, string>,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  expect(state, 'NEW_PASSWORD_REQUIRED');
  const responses: Record<string, string> = { NEW_PASSWORD: newPassword };
  for (const [name, value] of Object.entries(attributes)) responses[`userAttributes.${name}`] = value;
  return answer(services, pool, client, state, responses, origin);
}

const CODE_RESPONSE: Partial<Record<HostedStep, string>> = {
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};

/** The MFA code page (authenticator, SMS or e-mail). */
export async function answerMfaCode(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  code: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  expect(state, 'SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP');
  return answer(services, pool, client, state, { [CODE_RESPONSE[state.challengeName as HostedStep]!]: code }, origin);
}

/** The MFA choice page: the chosen factor's challenge (its code is sent now). */
export async function chooseMfa(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  mfaType: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  expect(state, 'SELECT_MFA_TYPE');
  return answer(services, pool, client, state, { ANSWER: mfaType }, origin);
}

/** The factors MFA_SETUP can set up here: an authenticator app, when the pool offers one. */
export const canSetUpTotp = (state: HostedSignIn): boolean => (JSON.parse(state.parameters?.MFAS_CAN_SETUP ?? '[]') as string[]).includes('SOFTWARE_TOKEN_MFA');

/**
 * MFA setup page: a new authenticator secret for this sign-in, once; the same secret on every later
 * view. The state is the one AssociateSoftwareToken takes as `Session` in the API.
 */
export async function startTotpSetup(services: Services, pool: UserPool, client: UserPoolClient, state: HostedSignIn): Promise<HostedSignIn> {
  expect(state, 'MFA_SETUP');
  if (state.totpSecret) return state;
  if (!canSetUpTotp(state)) throw err.invalidParameter('MFA is required, but no factor can be set up on this page. Ask an administrator to set one up.');
  await hostedStateUser(services, pool, client, state);
  const { SecretCode } = await associateSoftwareToken(services, { Session: sealSession(services, state) });
  return { ...state, totpSecret: SecretCode! };
}

/** MFA setup page: VerifySoftwareToken with this sign-in's state, then the engine's MFA_SETUP answer. */
export async function finishTotpSetup(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  code: string,
  deviceName: string | undefined,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  expect(state, 'MFA_SETUP');
  if (!state.totpSecret) throw err.sessionExpired();
  await hostedStateUser(services, pool, client, state);
  await verifySoftwareToken(services, { Session: sealSession(services, state), UserCode: code, ...(deviceName ? { FriendlyDeviceName: deviceName } : {}) });
  // What the Session VerifySoftwareToken answers with says: the authenticator is verified.
  return answer(services, pool, client, { ...state, mfaSetupVerified: true }, {}, origin);
}

/**
 * After the sign-up form: the browser that chose the password may go straight on to the client once
 * the account is confirmed, as Cognito's hosted UI does.
 */
export async function signedUpState(services: Services, pool: UserPool, client: UserPoolClient, username: string): Promise<HostedSignIn | undefined> {
  const user = await findUser(services, pool, username);
  if (!user) return undefined;
  return {
    poolId: pool.Id,
    clientId: client.ClientId,
    usernameKey: user.usernameKey,
    sub: user.sub,
    challengeName: 'SIGNED_UP',
    channel: 'hosted',
    authTime: Math.floor(services.clock.now() / 1000),
    passwordUpdatedAt: user.passwordUpdatedAt ?? 0,
    expiresAt: services.clock.now() + SIGNED_UP_VALIDITY_MS,
  };
}

/** After confirmation: the sign-up's browser continues with its first factor proven by the sign-up. */
export async function continueAfterSignUp(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  username: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome | undefined> {
  if (state.challengeName !== 'SIGNED_UP') return undefined;
  const user = await findUser(services, pool, username);
  if (!user || user.usernameKey !== state.usernameKey || user.sub !== state.sub || user.status !== 'CONFIRMED' || !user.enabled) return undefined;
  if ((user.passwordUpdatedAt ?? 0) !== state.passwordUpdatedAt) return undefined;
  await assertNotLocked(services, pool.Id, user.usernameKey);
  return afterFirstFactor(hostedContext(services, pool, client, origin), user, Math.floor(services.clock.now() / 1000));
}

/**
 * Choice-based sign-in on the managed login (version 2) pages: USER_AUTH (user-auth.ts) driven by
 * forms. The name typed without a password opens SELECT_CHALLENGE; the menu and the name go into the
 * state, so the choice page can be shown again and a name without a user (PreventUserExistenceErrors)
 * answers as the API's look-alike menu does. A passwordless factor ends the sign-in without MFA, a
 * password goes on as any password sign-in, both as in the API.
 */

/** The passwordless first factors a page can offer; PASSWORD_SRP needs a client that speaks SRP. */
const PAGE_FACTORS: readonly FirstFactorChallengeName[] = ['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** Whether the pool lets anyone sign in without a password (some passwordless factor is allowed). */
export const poolOffersPasswordless = (pool: UserPool): boolean => allowedFactors(pool).some((f) => PAGE_FACTORS.includes(f as FirstFactorChallengeName));

/** Whether the pool's first factors include the password. */
export const poolSignsInWithPassword = (pool: UserPool): boolean => allowedFactors(pool).includes('PASSWORD');

/** The name typed on the sign-in form: the choice of first factors (SELECT_CHALLENGE), or Cognito's error. */
export async function startChoiceSignIn(services: Services, pool: UserPool, client: UserPoolClient, typed: string, origin?: RequestOrigin): Promise<HostedOutcome> {
  const step = await startUserAuth(hostedContext(services, pool, client, origin), { USERNAME: typed });
  if (step.kind !== 'challenge' || !step.state) return step;
  const menu = (step.availableChallenges ?? []).filter((c) => c !== 'PASSWORD_SRP');
  return { ...step, state: { ...step.state, parameters: { USERNAME: step.parameters.USERNAME ?? typed, AVAILABLE_CHALLENGES: JSON.stringify(menu) } } };
}

/** The first factors the choice page offers for a SELECT_CHALLENGE state, in Cognito's order. */
export const choicesOf = (state: HostedSignIn): FirstFactorChallengeName[] =>
  state.challengeName === 'SELECT_CHALLENGE' ? (JSON.parse(state.parameters?.AVAILABLE_CHALLENGES ?? '[]') as FirstFactorChallengeName[]) : [];

/** The choice page's answer: a password, or a passwordless factor (its code is sent now, or its passkey challenge opened). */
export async function chooseFirstFactor(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  choice: string,
  password?: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  if (state.challengeName !== 'SELECT_CHALLENGE') throw err.sessionExpired();
  if (choice === 'PASSWORD_SRP') throw err.invalidParameter(`The challenge ${choice} is not available for the user.`);
  const ctx = hostedContext(services, pool, client, origin);
  const typed = state.parameters?.USERNAME ?? '';
  const responses: Record<string, string> = { ANSWER: choice, USERNAME: typed, ...(password !== undefined ? { PASSWORD: password } : {}) };
  if (state.fake) return answerUnknownSelection(ctx, typed, responses);
  return answerUserAuth(ctx, state, await stateUser(ctx, state), responses);
}

const expectFirstFactor = (state: HostedSignIn, ...factors: FirstFactorChallengeName[]) => {
  if (state.fake || !factors.includes(state.firstFactor as FirstFactorChallengeName)) throw err.sessionExpired();
};

/** The code page of EMAIL_OTP and SMS_OTP as first factor; a wrong code counts toward the lockout (passwordless.ts). */
export async function answerFirstFactorCode(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  code: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  expectFirstFactor(state, 'EMAIL_OTP', 'SMS_OTP');
  const ctx = hostedContext(services, pool, client, origin);
  return answerUserAuth(ctx, state, await stateUser(ctx, state), { [`${state.firstFactor}_CODE`]: code });
}

/** The passkey page's options for navigator.credentials.get: the WEB_AUTHN challenge's, rebuilt from the state's challenge. */
export async function passkeyRequestOptions(services: Services, pool: UserPool, client: UserPoolClient, state: HostedSignIn): Promise<string> {
  expectFirstFactor(state, 'WEB_AUTHN');
  if (!state.webAuthnChallenge) throw err.sessionExpired();
  const user = await hostedStateUser(services, pool, client, state);
  return JSON.stringify(await credentialRequestOptions(services, pool, user, new Uint8Array(Buffer.from(state.webAuthnChallenge, 'base64url'))));
}

/** The passkey page's answer: the browser's assertion as JSON (the API's CREDENTIAL). */
export async function answerPasskey(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  credential: string,
  origin?: RequestOrigin,
): Promise<HostedOutcome> {
  expectFirstFactor(state, 'WEB_AUTHN');
  const ctx = hostedContext(services, pool, client, origin);
  return answerUserAuth(ctx, state, await stateUser(ctx, state), { CREDENTIAL: credential });
}
