import * as tokenRepo from '../../store/tokens.js';
import type { AuthOutcome } from './challenges.js';
import { MFA_CHALLENGES, afterPassword, assertSessionCurrent, finishSignIn, respondMfa, respondNewPassword } from './challenges.js';
import { openSession } from './session.js';
import { startSrp, verifySrp } from './srp.js';
import { answerDeviceSrp, verifyDevicePassword, withDevice } from '../device/signin.js';
import type { SignInContext } from './user.js';
import { findSignInUser, incorrectCredentials, namesSameUser, requiredParameter, unknownUser } from './user.js';
import type { UserPoolClient } from '../client/clients.js';
import { getClient, getClientInPool } from '../client/clients.js';
import { DEFAULT_EXPLICIT_AUTH_FLOWS } from '../client/config.js';
import { CognitoError, err } from '../errors.js';
import type { MfaChallengeName } from '../mfa/factors.js';
import { getPool } from '../pool/pools.js';
import { refreshTokens } from '../token/refresh.js';
import { checkSecretHash } from '../client/secret-hash.js';
import { checkPasswordSignIn } from './password.js';
import type { Services } from '../services.js';
import { authenticationResult, hashRefreshToken } from '../token/tokens.js';
import { findUser } from '../user/users.js';

export type { AuthOutcome } from './challenges.js';

/**
 * The sign-in flows of the Cognito API: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
 * AdminRespondToAuthChallenge (cognito-wire.md §5.3). Supported: USER_SRP_AUTH, USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH, REFRESH_TOKEN_AUTH / REFRESH_TOKEN, and the challenges
 * PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, the MFA ones and the device ones (DEVICE_SRP_AUTH,
 * DEVICE_PASSWORD_VERIFIER). CUSTOM_AUTH needs Lambda triggers, which Cognate does not run, and
 * USER_AUTH (choice-based sign-in) is not implemented: both are refused with the errors Cognito gives
 * when they cannot run, so an app finds out at once.
 */

export interface InitiateAuthInput {
  /** Set for AdminInitiateAuth. */
  UserPoolId?: string;
  ClientId?: string;
  AuthFlow?: string;
  AuthParameters?: Record<string, string>;
}

export interface RespondInput {
  /** Set for AdminRespondToAuthChallenge. */
  UserPoolId?: string;
  ClientId?: string;
  ChallengeName?: string;
  Session?: string;
  ChallengeResponses?: Record<string, string>;
}

const PUBLIC_FLOWS = new Set(['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH']);
const ADMIN_FLOWS = new Set(['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH']);

/**
 * Whether the client's ExplicitAuthFlows allow a flow. A list without any ALLOW_* value is the legacy
 * form, in which SRP (unless CUSTOM_AUTH_FLOW_ONLY) and refresh were always allowed.
 */
export function authFlowEnabled(client: UserPoolClient, flow: string): boolean {
  const flows = new Set<string>(client.ExplicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS);
  const legacy = ![...flows].some((f) => f.startsWith('ALLOW_'));
  switch (flow) {
    case 'USER_SRP_AUTH':
      return flows.has('ALLOW_USER_SRP_AUTH') || (legacy && !flows.has('CUSTOM_AUTH_FLOW_ONLY'));
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return flows.has('ALLOW_REFRESH_TOKEN_AUTH') || legacy;
    case 'USER_PASSWORD_AUTH':
      return flows.has('ALLOW_USER_PASSWORD_AUTH') || flows.has('USER_PASSWORD_AUTH');
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return flows.has('ALLOW_ADMIN_USER_PASSWORD_AUTH') || flows.has('ADMIN_NO_SRP_AUTH');
    case 'CUSTOM_AUTH':
      return flows.has('ALLOW_CUSTOM_AUTH') || flows.has('CUSTOM_AUTH_FLOW_ONLY');
    case 'USER_AUTH':
      return flows.has('ALLOW_USER_AUTH');
    default:
      return false;
  }
}

/** The pool and client of a request: by ClientId alone (public operations), or pool first (Admin*). */
async function signInContext(services: Services, poolId: string | undefined, clientId: string): Promise<SignInContext> {
  if (poolId !== undefined) {
    const pool = await getPool(services, poolId);
    return { services, pool, client: await getClientInPool(services, pool.Id, clientId), admin: true };
  }
  const client = await getClient(services, clientId);
  return { services, pool: await getPool(services, client.UserPoolId), client, admin: false };
}

export async function initiateAuth(services: Services, input: InitiateAuthInput): Promise<AuthOutcome> {
  const ctx = await signInContext(services, input.UserPoolId, input.ClientId!);
  const flow = input.AuthFlow!;
  if (!(ctx.admin ? ADMIN_FLOWS : PUBLIC_FLOWS).has(flow)) throw err.invalidParameter('Initiate Auth method not supported.');
  if (!authFlowEnabled(ctx.client, flow)) {
    throw err.invalidParameter(flow === 'USER_PASSWORD_AUTH' ? 'USER_PASSWORD_AUTH flow not enabled for this client' : 'Auth flow not enabled for this client');
  }
  const params = input.AuthParameters;
  switch (flow) {
    case 'USER_SRP_AUTH':
      return startSrp(ctx, params);
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return passwordSignIn(ctx, params);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return refreshSignIn(ctx, params);
    case 'CUSTOM_AUTH':
      // Cognito's answer when the pool has no DefineAuthChallenge trigger; Cognate never runs triggers.
      throw err.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');
    default:
      throw new CognitoError('UnsupportedOperationException', 'USER_AUTH (choice-based sign-in) is not supported by Cognate.');
  }
}

/** USER_PASSWORD_AUTH and the admin password flows: the password checked against the stored verifier. */
async function passwordSignIn(ctx: SignInContext, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const { services, pool, client } = ctx;
  const typed = requiredParameter(params, 'USERNAME');
  const password = requiredParameter(params, 'PASSWORD');
  const found = await findSignInUser(services, pool, typed);
  checkSecretHash(services, client, params?.SECRET_HASH, [typed, found?.username, found?.sub]);
  const user = await checkPasswordSignIn(services, pool, found, typed, password, () => unknownUser(ctx));
  return afterPassword(withDevice(ctx, params?.DEVICE_KEY), user);
}

/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens. With a client secret, SECRET_HASH is checked against
 * the token's user (by the USERNAME sent, the internal username or the sub).
 */
async function refreshSignIn(ctx: SignInContext, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const { services, pool, client } = ctx;
  const refreshToken = requiredParameter(params, 'REFRESH_TOKEN');
  const row = await tokenRepo.findRefreshToken(services.store.db, hashRefreshToken(refreshToken));
  if (row && row.pool_id === pool.Id && row.client_id === client.ClientId) {
    const user = await findUser(services, pool, row.username_key);
    checkSecretHash(services, client, params?.SECRET_HASH, [params?.USERNAME, user?.username, user?.sub]);
  }
  const tokens = await refreshTokens(services, { pool, client, refreshToken });
  return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(tokens) };
}

const SUPPORTED_CHALLENGES = new Set(['PASSWORD_VERIFIER', 'NEW_PASSWORD_REQUIRED', ...MFA_CHALLENGES, 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);

export async function respondToAuthChallenge(services: Services, input: RespondInput): Promise<AuthOutcome> {
  const ctx = await signInContext(services, input.UserPoolId, input.ClientId!);
  const challengeName = input.ChallengeName!;
  const responses = input.ChallengeResponses ?? {};
  if (!SUPPORTED_CHALLENGES.has(challengeName)) {
    throw err.invalidParameter(`Cognate does not issue the ${challengeName} challenge; it cannot be answered.`);
  }
  if (challengeName === 'PASSWORD_VERIFIER') return afterPassword(withDevice(ctx, responses.DEVICE_KEY), await verifySrp(ctx, responses));

  if (!input.Session) throw err.invalidParameter('Missing required parameter Session');
  const payload = openSession(services, input.Session, ctx.client.ClientId);
  if (payload.poolId !== ctx.pool.Id) throw err.notAuthorized('Invalid session for the user, session is expired.');
  if (payload.challengeName !== challengeName) {
    throw err.invalidParameter(`The session is for the ${payload.challengeName} challenge, not ${challengeName}.`);
  }
  const typed = requiredParameter(responses, 'USERNAME');
  const found = await findUser(services, ctx.pool, payload.usernameKey);
  const user = found?.usernameKey === payload.usernameKey ? found : undefined;
  checkSecretHash(services, ctx.client, responses.SECRET_HASH, [typed, user?.username, user?.sub]);
  if (!user) throw unknownUser(ctx);
  if (!(await namesSameUser(ctx, user, typed))) throw incorrectCredentials();
  if (!user.enabled) throw err.notAuthorized('User is disabled.');
  assertSessionCurrent(payload, user);

  // Devices (device/signin.ts): the DEVICE_KEY of the password step travels in the session.
  const next = withDevice(ctx, payload.flags?.deviceKey ?? responses.DEVICE_KEY);
  if (challengeName === 'DEVICE_SRP_AUTH') return answerDeviceSrp(next, user, responses);
  if (challengeName === 'DEVICE_PASSWORD_VERIFIER') return finishSignIn(await verifyDevicePassword(next, user, responses), user);
  if (challengeName === 'NEW_PASSWORD_REQUIRED') return respondNewPassword(next, user, responses);
  return respondMfa(next, user, payload, challengeName as MfaChallengeName, responses);
}
