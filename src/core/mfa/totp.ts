import type { AssociateSoftwareTokenResult, VerifySoftwareTokenResult } from './types.js';
import { matchTotp, totpSecretFrom } from '../../crypto/totp.js';
import * as repo from '../../store/users.js';
import type { AuthSessionPayload } from '../signin/session.js';
import { openSession, sealSession, sessionExpiry } from '../signin/session.js';
import { getClient } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import type { TotpToken } from './settings.js';
import { enabledFactors, mfaStateOf, updateUserSettings, withFactors, withMfaState } from './settings.js';
import { mfaFactorsOf } from '../pool/mfa-configuration.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { authenticateAccessToken } from '../token/tokens.js';
import type { User } from '../user/users.js';
import { userFromRows } from '../user/users.js';

/** AssociateSoftwareToken and VerifySoftwareToken take a signed-in user's access token or an MFA_SETUP session. */
export interface TokenCaller {
  AccessToken?: string;
  Session?: string;
}

interface Caller {
  pool: UserPool;
  user: User;
  /** Present when the caller is a sign-in stopped at MFA_SETUP. */
  session?: AuthSessionPayload;
}

const context = (user: Pick<User, 'poolId' | 'usernameKey'>) => `totp:${user.poolId}:${user.usernameKey}`;

const notEnabledInPool = () =>
  new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the userPool.');
export const noSoftwareToken = () => new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA does not exist for the user.');

async function resolveCaller(services: Services, input: TokenCaller): Promise<Caller> {
  // The model documents "an access token or a session string, but not both".
  if (input.AccessToken !== undefined && input.Session !== undefined)
    throw err.invalidParameter('Only one of AccessToken or Session can be provided.');
  if (input.AccessToken !== undefined) {
    const { pool, user } = await authenticateAccessToken(services, input.AccessToken);
    return { pool, user };
  }
  if (input.Session === undefined) throw err.invalidParameter('Either AccessToken or Session must be provided.');
  const session = openSession(services, input.Session);
  if (session.challengeName !== 'MFA_SETUP' || session.fake) throw err.notAuthorized('Invalid session for the user.');
  const pool = await getPool(services, session.poolId);
  const row = await repo.findUserByKey(services.store.db, pool.Id, session.usernameKey);
  if (!row) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  const user = userFromRows(row, await repo.listAttributes(services.store.db, pool.Id, row.username_key));
  if (!user.enabled) throw err.userDisabled();
  return { pool, user, session };
}

/** The same sign-in, one step further: a new Session string with a fresh lifetime. */
async function continueSession(services: Services, session: AuthSessionPayload, change: Partial<AuthSessionPayload>): Promise<string> {
  const client = await getClient(services, session.clientId);
  return sealSession(services, { ...session, ...change, expiresAt: sessionExpiry(services, client.AuthSessionValidity) });
}

/**
 * AssociateSoftwareToken: a new secret for the user's authenticator app. It waits, sealed, for
 * VerifySoftwareToken; an already verified authenticator keeps working until then.
 */
export async function associateSoftwareToken(services: Services, input: TokenCaller): Promise<AssociateSoftwareTokenResult> {
  const { pool, user, session } = await resolveCaller(services, input);
  if (!mfaFactorsOf(pool).softwareToken) throw notEnabledInPool();
  const secret = totpSecretFrom(services.random.bytes(20));
  const pending: TotpToken = { secret: services.sealer.seal(secret, context(user)), at: services.clock.now() };
  await updateUserSettings(services, user, (current) => withMfaState(current.settings, { ...mfaStateOf(current), pendingTotp: pending }));
  if (!session) return { SecretCode: secret };
  return { SecretCode: secret, Session: await continueSession(services, session, { mfaSetupVerified: false }) };
}

export interface VerifyInput extends TokenCaller {
  UserCode?: string;
  FriendlyDeviceName?: string;
}

/**
 * VerifySoftwareToken: a code from the authenticator proves the user holds the secret; the
 * authenticator then becomes the user's software token and SOFTWARE_TOKEN_MFA is turned on.
 */
export async function verifySoftwareToken(services: Services, input: VerifyInput): Promise<VerifySoftwareTokenResult> {
  const { pool, user, session } = await resolveCaller(services, input);
  if (!mfaFactorsOf(pool).softwareToken) throw notEnabledInPool();
  const code = input.UserCode!;
  await updateUserSettings(
    services,
    user,
    (current) => {
      const state = mfaStateOf(current);
      const candidate = state.pendingTotp ?? state.totp;
      if (!candidate) throw noSoftwareToken();
      const step = matchTotp(services.sealer.openString(candidate.secret, context(current)), code, services.clock.now());
      if (step === undefined || (candidate.lastStep !== undefined && step <= candidate.lastStep)) {
        throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
      }
      const token: TotpToken = { secret: candidate.secret, lastStep: step, at: services.clock.now() };
      const friendlyName = input.FriendlyDeviceName ?? (state.pendingTotp ? undefined : candidate.friendlyName);
      if (friendlyName) token.friendlyName = friendlyName;
      const next = { ...state, totp: token };
      delete next.pendingTotp;
      const factors = new Set(enabledFactors(current)).add('SOFTWARE_TOKEN_MFA');
      return withFactors(withMfaState(current.settings, next), factors, current.settings.PreferredMfaSetting);
    },
    { touch: true },
  );
  if (!session) return { Status: 'SUCCESS' };
  return { Status: 'SUCCESS', Session: await continueSession(services, session, { mfaSetupVerified: true }) };
}

/**
 * Checks a SOFTWARE_TOKEN_MFA answer against the verified authenticator. Each code is good once:
 * a code of a step already used gets ExpiredCodeException.
 */
export async function checkSoftwareTokenCode(services: Services, user: User, code: string): Promise<void> {
  await updateUserSettings(services, user, (current) => {
    const state = mfaStateOf(current);
    const token = state.totp;
    if (!token) throw noSoftwareToken();
    const step = matchTotp(services.sealer.openString(token.secret, context(current)), code, services.clock.now());
    if (step === undefined) throw new CognitoError('CodeMismatchException', 'Invalid code received for user');
    if (token.lastStep !== undefined && step <= token.lastStep)
      throw new CognitoError('ExpiredCodeException', 'Your software token has already been used once.');
    return withMfaState(current.settings, { ...state, totp: { ...token, lastStep: step } });
  });
}

/** The name the user gave the authenticator, shown in the SOFTWARE_TOKEN_MFA challenge. */
export const friendlyDeviceName = (user: User): string | undefined => mfaStateOf(user).totp?.friendlyName;

/** Whether the user has a verified authenticator. */
export const hasSoftwareToken = (user: User): boolean => mfaStateOf(user).totp !== undefined;

/** Whether the user associated a secret but never verified it. */
export const hasPendingSoftwareToken = (user: User): boolean => mfaStateOf(user).pendingTotp !== undefined;
