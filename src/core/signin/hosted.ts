import type { SealedSecret } from '../../crypto/seal.js';
import { answerMfaCounted, applyNewPassword } from './challenges.js';
import { sealSession, sessionExpiry } from './session.js';
import type { SignInContext } from './user.js';
import { assertTemporaryPasswordValid, findSignInUser, unknownUser } from './user.js';
import type { UserPoolClient } from '../client/clients.js';
import { err } from '../errors.js';
import { assertNotLocked, recordSuccessfulSignIn } from './lockout.js';
import type { MfaChallengeName, MfaStep } from '../mfa/factors.js';
import { nextMfaStep } from '../mfa/factors.js';
import { associateSoftwareToken, verifySoftwareToken } from '../mfa/totp.js';
import { requiredAttributes } from '../pool/schema.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { checkPasswordSignIn } from './password.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

/**
 * The hosted sign-in pages' side of the sign-in flows. Each step calls the same rules as the API
 * (user lookup by sign-in name, account-state checks in Cognito's order, PreventUserExistenceErrors,
 * lockout, temporary passwords, MFA); what differs is the ending: the pages issue no API tokens but
 * an SSO session and an authorization code, so the API's finishing step is not used.
 *
 * A sign-in in progress travels between pages as a sealed value (AES-256-GCM) bound by its sealing
 * context to the pool and app client, and inside to the user (lookup key and sub) and to the password
 * the user had, with the client's AuthSessionValidity as its lifetime.
 */

export type HostedStep = 'NEW_PASSWORD_REQUIRED' | MfaChallengeName | 'SIGNED_UP';

export interface HostedSignIn {
  poolId: string;
  clientId: string;
  usernameKey: string;
  sub: string;
  step: HostedStep;
  /** The challenge's parameters: where a code went, the factors to choose from, the required attributes. */
  parameters: Record<string, string>;
  /** Epoch seconds of the password step, for the tokens' auth_time. */
  authTime: number;
  /** The session dies with the password it was opened under. */
  passwordUpdatedAt: number;
  expiresAt: number;
  selectedMfa?: string;
  codeIssuedAt?: number;
  /** MFA_SETUP: the authenticator secret associated for this sign-in, shown again after a wrong code. */
  totpSecret?: string;
}

export type HostedOutcome =
  /** Done: create the SSO session and complete the authorization request. */
  | { kind: 'signed-in'; user: User; authTime: number }
  /** Another page is needed first. */
  | { kind: 'challenge'; state: HostedSignIn };

const VERSION = 1;
const context = (poolId: string, clientId: string) => `hosted-signin:${poolId}:${clientId}`;
/** Long enough to read a confirmation code from an e-mail; the state only continues a sign-up just made. */
const SIGNED_UP_VALIDITY_MS = 15 * 60_000;

const expired = () => err.notAuthorized('Invalid session for the user, session is expired.');

export function sealHostedSignIn(services: Services, state: HostedSignIn): string {
  return services.sealer.seal(JSON.stringify({ v: VERSION, ...state }), context(state.poolId, state.clientId));
}

/** The sign-in in progress, or undefined when absent, forged, of another pool or client, or expired. */
export function openHostedSignIn(services: Services, pool: UserPool, client: UserPoolClient, sealed: string | undefined): HostedSignIn | undefined {
  if (!sealed) return undefined;
  let payload: HostedSignIn & { v?: number };
  try {
    payload = JSON.parse(services.sealer.openString(sealed as SealedSecret, context(pool.Id, client.ClientId!))) as HostedSignIn & { v?: number };
  } catch {
    return undefined;
  }
  if (payload.v !== VERSION || payload.poolId !== pool.Id || payload.clientId !== client.ClientId) return undefined;
  if (typeof payload.expiresAt !== 'number' || services.clock.now() >= payload.expiresAt) return undefined;
  const { v: _v, ...state } = payload;
  return state;
}

const signInContext = (services: Services, pool: UserPool, client: UserPoolClient): SignInContext => ({ services, pool, client, admin: false });

function newState(services: Services, pool: UserPool, client: UserPoolClient, user: User, authTime: number, step: HostedStep, parameters: Record<string, string>): HostedSignIn {
  return {
    poolId: pool.Id,
    clientId: client.ClientId!,
    usernameKey: user.usernameKey,
    sub: user.sub,
    step,
    parameters,
    authTime,
    passwordUpdatedAt: user.passwordUpdatedAt ?? 0,
    expiresAt: step === 'SIGNED_UP' ? services.clock.now() + SIGNED_UP_VALIDITY_MS : sessionExpiry(services, client.AuthSessionValidity),
  };
}

/**
 * The sign-in form: the same checks, in the same order, as the API's password sign-in. Cognito's
 * errors come out as thrown CognitoErrors, whose messages the page shows.
 */
export async function signInWithPasswordForm(services: Services, pool: UserPool, client: UserPoolClient, typed: string, password: string): Promise<HostedOutcome> {
  const ctx = signInContext(services, pool, client);
  const user = await checkPasswordSignIn(services, pool, await findSignInUser(services, pool, typed), typed, password, () => unknownUser(ctx));
  const authTime = Math.floor(services.clock.now() / 1000);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    assertTemporaryPasswordValid(services, pool, user);
    return { kind: 'challenge', state: newState(services, pool, client, user, authTime, 'NEW_PASSWORD_REQUIRED', {}) };
  }
  return afterFirstFactor(services, pool, client, user, authTime);
}

/** MFA if the pool and user call for it (SMS and e-mail codes are sent now), else done. */
async function afterFirstFactor(services: Services, pool: UserPool, client: UserPoolClient, user: User, authTime: number, carried: Partial<HostedSignIn> = {}): Promise<HostedOutcome> {
  const step = await nextMfaStep(services, pool, user);
  return stepOutcome(services, pool, client, user, authTime, step, carried);
}

function stepOutcome(services: Services, pool: UserPool, client: UserPoolClient, user: User, authTime: number, step: MfaStep, carried: Partial<HostedSignIn>): HostedOutcome {
  if (step.kind === 'none') return { kind: 'signed-in', user, authTime };
  const state = newState(services, pool, client, user, authTime, step.challengeName, step.parameters);
  return { kind: 'challenge', state: { ...state, ...carried, codeIssuedAt: services.clock.now() } };
}

/** The user the state names, as they are now; the state dies with a changed password, a disabled or a replaced user. */
export async function stateUser(services: Services, pool: UserPool, state: HostedSignIn): Promise<User> {
  const user = await findUser(services, pool, state.usernameKey);
  if (!user || user.usernameKey !== state.usernameKey || user.sub !== state.sub) throw expired();
  if (!user.enabled) throw err.notAuthorized('User is disabled.');
  if ((user.passwordUpdatedAt ?? 0) !== state.passwordUpdatedAt || user.status === 'RESET_REQUIRED' || user.status === 'UNCONFIRMED') throw expired();
  return user;
}

const expect = (state: HostedSignIn, ...steps: HostedStep[]) => {
  if (!steps.includes(state.step)) throw expired();
};

/** The attributes NEW_PASSWORD_REQUIRED asks for: the pool's required ones the user lacks. */
export function missingRequiredAttributes(pool: UserPool, user: User): string[] {
  return requiredAttributes(pool).filter((name) => name !== 'sub' && !user.attributes[name]);
}

/** The new-password page: the API's NEW_PASSWORD_REQUIRED writes, then MFA or done. */
export async function answerNewPassword(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  newPassword: string,
  attributes: Record<string, string>,
): Promise<HostedOutcome> {
  expect(state, 'NEW_PASSWORD_REQUIRED');
  const user = await stateUser(services, pool, state);
  const responses: Record<string, string> = { NEW_PASSWORD: newPassword };
  for (const [name, value] of Object.entries(attributes)) responses[`userAttributes.${name}`] = value;
  const updated = await applyNewPassword(signInContext(services, pool, client), user, responses);
  return afterFirstFactor(services, pool, client, updated, state.authTime);
}

const CODE_RESPONSE: Partial<Record<HostedStep, string>> = {
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};

/** The MFA code page (authenticator, SMS or e-mail): wrong codes count toward the lockout as in the API. */
export async function answerMfaCode(services: Services, pool: UserPool, client: UserPoolClient, state: HostedSignIn, code: string): Promise<HostedOutcome> {
  expect(state, 'SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP');
  const user = await stateUser(services, pool, state);
  const challenge = state.step as MfaChallengeName;
  const result = await answerMfaCounted(signInContext(services, pool, client), user, challenge, { [CODE_RESPONSE[challenge]!]: code }, {
    selectedMfa: state.selectedMfa,
    codeIssuedAt: state.codeIssuedAt,
  });
  if ('done' in result) return { kind: 'signed-in', user, authTime: state.authTime };
  return stepOutcome(services, pool, client, user, state.authTime, result.next, { selectedMfa: state.selectedMfa });
}

/** The MFA choice page: the chosen factor's challenge (its code is sent now). */
export async function chooseMfa(services: Services, pool: UserPool, client: UserPoolClient, state: HostedSignIn, mfaType: string): Promise<HostedOutcome> {
  expect(state, 'SELECT_MFA_TYPE');
  const user = await stateUser(services, pool, state);
  const result = await answerMfaCounted(signInContext(services, pool, client), user, 'SELECT_MFA_TYPE', { ANSWER: mfaType }, {});
  if ('done' in result) return { kind: 'signed-in', user, authTime: state.authTime };
  return stepOutcome(services, pool, client, user, state.authTime, result.next, { selectedMfa: mfaType });
}

/** The factors MFA_SETUP can set up here: an authenticator app, when the pool offers one. */
export const canSetUpTotp = (state: HostedSignIn): boolean => (JSON.parse(state.parameters.MFAS_CAN_SETUP ?? '[]') as string[]).includes('SOFTWARE_TOKEN_MFA');

/** The API's MFA_SETUP session for this sign-in, which AssociateSoftwareToken and VerifySoftwareToken take. */
function setupSession(services: Services, state: HostedSignIn): string {
  return sealSession(services, {
    poolId: state.poolId,
    clientId: state.clientId,
    usernameKey: state.usernameKey,
    challengeName: 'MFA_SETUP',
    expiresAt: state.expiresAt,
    authTime: state.authTime,
    flags: { passwordUpdatedAt: state.passwordUpdatedAt },
  });
}

/** MFA setup page: a new authenticator secret for this sign-in, once; the same secret on every later view. */
export async function startTotpSetup(services: Services, pool: UserPool, state: HostedSignIn): Promise<HostedSignIn> {
  expect(state, 'MFA_SETUP');
  if (state.totpSecret) return state;
  if (!canSetUpTotp(state)) throw err.invalidParameter('MFA is required, but no factor can be set up on this page. Ask an administrator to set one up.');
  await stateUser(services, pool, state);
  const { SecretCode } = await associateSoftwareToken(services, { Session: setupSession(services, state) });
  return { ...state, totpSecret: SecretCode! };
}

/** MFA setup page: the code proves the authenticator holds the secret; then the sign-in is done. */
export async function finishTotpSetup(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  state: HostedSignIn,
  code: string,
  deviceName: string | undefined,
): Promise<HostedOutcome> {
  expect(state, 'MFA_SETUP');
  if (!state.totpSecret) throw expired();
  await stateUser(services, pool, state);
  await verifySoftwareToken(services, { Session: setupSession(services, state), UserCode: code, ...(deviceName ? { FriendlyDeviceName: deviceName } : {}) });
  const user = await stateUser(services, pool, state);
  const result = await answerMfaCounted(signInContext(services, pool, client), user, 'MFA_SETUP', {}, { mfaSetupVerified: true });
  if ('done' in result) return { kind: 'signed-in', user, authTime: state.authTime };
  return stepOutcome(services, pool, client, user, state.authTime, result.next, {});
}

/**
 * After the sign-up form: the browser that chose the password may go straight on to the client once
 * the account is confirmed, as Cognito's hosted UI does.
 */
export async function signedUpState(services: Services, pool: UserPool, client: UserPoolClient, username: string): Promise<HostedSignIn | undefined> {
  const user = await findUser(services, pool, username);
  if (!user) return undefined;
  return newState(services, pool, client, user, Math.floor(services.clock.now() / 1000), 'SIGNED_UP', {});
}

/** After confirmation: the sign-up's browser continues as if it had signed in with the password it chose. */
export async function continueAfterSignUp(services: Services, pool: UserPool, client: UserPoolClient, state: HostedSignIn, username: string): Promise<HostedOutcome | undefined> {
  if (state.step !== 'SIGNED_UP') return undefined;
  const user = await findUser(services, pool, username);
  if (!user || user.usernameKey !== state.usernameKey || user.sub !== state.sub || user.status !== 'CONFIRMED' || !user.enabled) return undefined;
  if ((user.passwordUpdatedAt ?? 0) !== state.passwordUpdatedAt) return undefined;
  await assertNotLocked(services, pool.Id, user.usernameKey);
  return afterFirstFactor(services, pool, client, user, Math.floor(services.clock.now() / 1000));
}

/** The end of a successful sign-in: earlier failures are forgotten, as when the API issues tokens. */
export async function recordHostedSignIn(services: Services, pool: UserPool, user: User): Promise<void> {
  await recordSuccessfulSignIn(services, pool.Id, user.usernameKey);
}
