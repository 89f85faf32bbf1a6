import { STATEFUL_CHALLENGES, afterPassword, answerChallenge, checkStateUser, passwordFirstFactor } from './engine.js';
import type { SignInState } from './session.js';
import { openSession, sealSession } from './session.js';
import { answerCustomChallenge, answerCustomPassword, answerUnknownCustomChallenge, isCustomState, startCustomAuth } from './custom-auth.js';
import { startSrp, verifySrp } from './srp.js';
import { answerUnknownSelection, answerUserAuth, isUserAuthState, startUserAuth } from './user-auth.js';
import type { ChallengeName, NewDevice, SignInStep } from './steps.js';
import { nowSeconds } from './steps.js';
import { withDevice } from '../device/signin.js';
import type { RequestOrigin } from '../events/origin.js';
import { eventOrigin } from '../events/origin.js';
import { signInAfterSignUp } from './after-sign-up.js';
import type { SignInContext } from './user.js';
import { findSignInUser, incorrectCredentials, namesSameUser, requiredParameter } from './user.js';
import type { UserPoolClient } from '../client/clients.js';
import { getClient, getClientInPool } from '../client/clients.js';
import { DEFAULT_EXPLICIT_AUTH_FLOWS } from '../client/config.js';
import { err } from '../errors.js';
import { getPool } from '../pool/pools.js';
import { refreshLookup, refreshTokens } from '../token/refresh.js';
import { checkSecretHash } from '../client/secret-hash.js';
import type { Services } from '../services.js';
import { authenticationResult, issueTokens } from '../token/tokens.js';
import { findUser } from '../user/users.js';

/**
 * The API channel of the sign-in engine (engine.ts): InitiateAuth, AdminInitiateAuth,
 * RespondToAuthChallenge and AdminRespondToAuthChallenge (cognito-wire.md §5.3). It reads
 * AuthParameters and ChallengeResponses, checks what only the API has (the client's ExplicitAuthFlows,
 * SECRET_HASH, the USERNAME of each step), and ends a finished sign-in with tokens; the state of a
 * challenge is wrapped as the `Session` string. Supported: USER_SRP_AUTH, USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH, REFRESH_TOKEN_AUTH / REFRESH_TOKEN, and the challenges
 * PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, the MFA ones and the device ones (DEVICE_SRP_AUTH,
 * DEVICE_PASSWORD_VERIFIER), and CUSTOM_AUTH with CUSTOM_CHALLENGE (custom-auth.ts, the pool's
 * Define/Create/Verify triggers), and USER_AUTH, choice-based sign-in, with SELECT_CHALLENGE and its
 * first factors (user-auth.ts).
 */

export interface InitiateAuthInput {
  /** Set for AdminInitiateAuth. */
  UserPoolId?: string;
  ClientId: string;
  AuthFlow: string;
  AuthParameters?: Record<string, string>;
  /** For the Lambda triggers (PreAuthentication and UserMigration see it as `validationData`). */
  ClientMetadata?: Record<string, string>;
  /** USER_AUTH: ConfirmSignUp's Session, which signs the new user in (after-sign-up.ts). */
  Session?: string;
  /** Where the request came from, for the auth events. */
  origin?: RequestOrigin;
}

export interface RespondInput {
  /** Set for AdminRespondToAuthChallenge. */
  UserPoolId?: string;
  ClientId: string;
  ChallengeName: string;
  Session?: string;
  ChallengeResponses?: Record<string, string>;
  ClientMetadata?: Record<string, string>;
  /** Where the request came from, for the auth events. */
  origin?: RequestOrigin;
}

/** The tokens of a finished sign-in, in the API's words. */
export interface AuthenticationResult {
  AccessToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  RefreshToken?: string;
  IdToken?: string;
  NewDeviceMetadata?: Partial<NewDevice>;
}

/** What InitiateAuth and RespondToAuthChallenge (and their Admin twins) answer. */
export interface AuthOutcome {
  ChallengeName?: ChallengeName;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResult;
  /** SELECT_CHALLENGE: the first factors the user may choose from. */
  AvailableChallenges?: ChallengeName[];
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
async function signInContext(
  services: Services,
  poolId: string | undefined,
  clientId: string,
  clientMetadata: Record<string, string> | undefined,
  origin: RequestOrigin | undefined,
): Promise<SignInContext> {
  const metadata = clientMetadata ? { clientMetadata } : {};
  if (poolId !== undefined) {
    const pool = await getPool(services, poolId);
    const client = await getClientInPool(services, pool.Id, clientId);
    return { services, pool, client, channel: 'api', admin: true, origin: eventOrigin(origin, client), ...metadata };
  }
  const client = await getClient(services, clientId);
  return { services, pool: await getPool(services, client.UserPoolId), client, channel: 'api', admin: false, origin: eventOrigin(origin, client), ...metadata };
}

/**
 * The API's ending: a challenge with its state sealed as `Session`, or the finished sign-in's tokens.
 * `newPassword`: the step answered NEW_PASSWORD_REQUIRED (PreTokenGeneration's triggerSource says so).
 */
async function toOutcome(ctx: SignInContext, step: SignInStep, newPassword = false): Promise<AuthOutcome> {
  if (step.kind === 'challenge') {
    return {
      ChallengeName: step.challengeName,
      ...(step.state ? { Session: sealSession(ctx.services, step.state) } : {}),
      ChallengeParameters: step.parameters,
      ...(step.availableChallenges ? { AvailableChallenges: step.availableChallenges } : {}),
    };
  }
  const tokens = await issueTokens(ctx.services, {
    pool: ctx.pool,
    client: ctx.client,
    user: step.user,
    authTime: step.authTime,
    refreshToken: true,
    deviceKey: step.deviceKey,
    trigger: { source: ctx.device?.proven ? 'TokenGeneration_AuthenticateDevice' : newPassword ? 'TokenGeneration_NewPasswordChallenge' : 'TokenGeneration_Authentication', clientMetadata: ctx.clientMetadata },
  });
  const result: AuthenticationResult = authenticationResult(tokens);
  return { ChallengeParameters: {}, AuthenticationResult: step.newDevice ? { ...result, NewDeviceMetadata: step.newDevice } : result };
}

export async function initiateAuth(services: Services, input: InitiateAuthInput): Promise<AuthOutcome> {
  const ctx = await signInContext(services, input.UserPoolId, input.ClientId, input.ClientMetadata, input.origin);
  const flow = input.AuthFlow;
  if (!(ctx.admin ? ADMIN_FLOWS : PUBLIC_FLOWS).has(flow)) throw err.invalidParameter('Initiate Auth method not supported.');
  if (!authFlowEnabled(ctx.client, flow)) {
    throw err.invalidParameter(flow === 'USER_PASSWORD_AUTH' ? 'USER_PASSWORD_AUTH flow not enabled for this client' : 'Auth flow not enabled for this client');
  }
  const params = input.AuthParameters;
  switch (flow) {
    case 'USER_SRP_AUTH':
      return toOutcome(ctx, await startSrp(ctx, params));
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return passwordSignIn(ctx, params);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return refreshSignIn(ctx, params);
    case 'CUSTOM_AUTH': {
      const withKey = withDevice(ctx, params?.DEVICE_KEY);
      return toOutcome(withKey, await startCustomAuth(withKey, params));
    }
    default: {
      const withKey = withDevice(ctx, params?.DEVICE_KEY);
      if (input.Session !== undefined) return toOutcome(withKey, await signInAfterSignUp(withKey, input.Session, params));
      return toOutcome(withKey, await startUserAuth(withKey, params));
    }
  }
}

/** USER_PASSWORD_AUTH and the admin password flows: the password checked against the stored verifier. */
async function passwordSignIn(ctx: SignInContext, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const { services, pool, client } = ctx;
  const typed = requiredParameter(params, 'USERNAME');
  const password = requiredParameter(params, 'PASSWORD');
  const found = await findSignInUser(services, pool, typed);
  checkSecretHash(services, client, params?.SECRET_HASH, [typed, found?.username, found?.sub]);
  const withKey = withDevice(ctx, params?.DEVICE_KEY);
  return toOutcome(withKey, await passwordFirstFactor(withKey, found, typed, password));
}

/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens. With a client secret, SECRET_HASH is checked against
 * the token's user (by the USERNAME sent, the internal username or the sub).
 */
async function refreshSignIn(ctx: SignInContext, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const { services, pool, client } = ctx;
  const refreshToken = requiredParameter(params, 'REFRESH_TOKEN');
  const lookup = refreshLookup(services, pool, refreshToken);
  const row = await lookup.row();
  if (row && row.pool_id === pool.Id && row.client_id === client.ClientId) {
    const user = await lookup.user(row);
    checkSecretHash(services, client, params?.SECRET_HASH, [params?.USERNAME, user?.username, user?.sub]);
  }
  const tokens = await refreshTokens(services, { pool, client, refreshToken, clientMetadata: ctx.clientMetadata, lookup });
  return { ChallengeParameters: {}, AuthenticationResult: authenticationResult(tokens) };
}


export async function respondToAuthChallenge(services: Services, input: RespondInput): Promise<AuthOutcome> {
  const ctx = await signInContext(services, input.UserPoolId, input.ClientId, input.ClientMetadata, input.origin);
  const challengeName = input.ChallengeName;
  const responses = input.ChallengeResponses ?? {};
  if (challengeName !== 'PASSWORD_VERIFIER' && challengeName !== 'CUSTOM_CHALLENGE' && !STATEFUL_CHALLENGES.has(challengeName)) {
    throw err.invalidParameter(`Cognate does not issue the ${challengeName} challenge; it cannot be answered.`);
  }
  // PASSWORD_VERIFIER asked by a custom sign-in carries the custom state as Session; a plain SRP one has none.
  const customPassword = challengeName === 'PASSWORD_VERIFIER' ? customStateOf(services, ctx, input.Session) : undefined;
  if (customPassword) {
    const withKey = withDevice(ctx, customPassword.deviceKey ?? responses.DEVICE_KEY);
    return toOutcome(withKey, await answerCustomPassword(withKey, customPassword, responses));
  }
  if (challengeName === 'PASSWORD_VERIFIER') {
    const withKey = withDevice(ctx, responses.DEVICE_KEY);
    return toOutcome(withKey, await afterPassword(withKey, await verifySrp(ctx, responses), nowSeconds(ctx)));
  }

  if (!input.Session) throw err.invalidParameter('Missing required parameter Session');
  const state = openSession(services, input.Session, ctx.client.ClientId);
  // A hosted page's sign-in continues only on the hosted pages.
  if (state.poolId !== ctx.pool.Id || state.channel !== undefined) throw err.sessionExpired();
  if (state.challengeName !== challengeName) {
    throw err.invalidParameter(`The session is for the ${state.challengeName} challenge, not ${challengeName}.`);
  }
  const typed = requiredParameter(responses, 'USERNAME');
  const found = await findUser(services, ctx.pool, state.usernameKey);
  // A custom sign-in of a name without a user (PreventUserExistenceErrors), even if one exists by now.
  if (state.fake) {
    if (challengeName === 'SELECT_CHALLENGE') return toOutcome(ctx, await answerUnknownSelection(ctx, typed, responses));
    if (challengeName !== 'CUSTOM_CHALLENGE') throw err.sessionExpired();
    checkSecretHash(services, ctx.client, responses.SECRET_HASH, [typed]);
    const withKey = withDevice(ctx, state.deviceKey);
    return toOutcome(withKey, await answerUnknownCustomChallenge(withKey, state, typed, responses));
  }
  checkSecretHash(services, ctx.client, responses.SECRET_HASH, [typed, found?.username, found?.sub]);
  const user = checkStateUser(state, found);
  if (!(await namesSameUser(ctx, user, typed))) throw incorrectCredentials();
  if (isUserAuthState(state)) {
    const withKey = withDevice(ctx, state.deviceKey ?? responses.DEVICE_KEY);
    return toOutcome(withKey, await answerUserAuth(withKey, state, user, responses));
  }
  if (challengeName === 'CUSTOM_CHALLENGE') {
    const withKey = withDevice(ctx, state.deviceKey);
    return toOutcome(withKey, await answerCustomChallenge(withKey, state, user, responses));
  }
  return toOutcome(ctx, await answerChallenge(ctx, state, user, responses), challengeName === 'NEW_PASSWORD_REQUIRED');
}

/** The custom sign-in a PASSWORD_VERIFIER's Session continues, if it is one (else the plain SRP step, which ignores Session). */
function customStateOf(services: Services, ctx: SignInContext, session: string | undefined): SignInState | undefined {
  if (!session) return undefined;
  let state: SignInState;
  try {
    state = openSession(services, session, ctx.client.ClientId);
  } catch {
    return undefined;
  }
  if (state.poolId !== ctx.pool.Id || state.channel !== undefined || state.challengeName !== 'PASSWORD_VERIFIER' || !isCustomState(state)) return undefined;
  return state;
}
