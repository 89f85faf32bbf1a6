import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, SetUserPoolMfaConfigCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { getClient } from '../../src/core/client/clients.js';
import { setPasswordGrantAllowed } from '../../src/core/oauth/password-grant.js';
import { getPool } from '../../src/core/pool/pools.js';
import { ManualClock } from '../../src/core/providers.js';
import { issueTokens } from '../../src/core/token/tokens.js';
import { getUser } from '../../src/core/user/users.js';
import { FormBrowser, errorsOf } from '../ui/form-client.js';
import type { TestServer } from '../helpers/server.js';
import { forEachEngine } from '../helpers/server.js';
import { srpClient } from '../helpers/srp-client.js';

/**
 * One sign-in engine, every channel (issue 9, point 7): for each situation (pool MFA setting × user
 * state × password), the API's three password flows, the hosted sign-in form and the Cognate password
 * grant are driven over the wire, and their answers, reduced to one vocabulary, are compared with one
 * expected row. A channel answers differently only where the row says so (the password grant cannot
 * answer a challenge, and always hides unknown users).
 */

const PASSWORD = 'Passw0rd!';
const CALLBACK = 'https://app.example/callback';
const STEP_MS = 30_000;
// Frozen, so lockouts last through a row and TOTP codes stay in their step.
const clock = new ManualClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000);
const appCode = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now() });

const SMS = { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } };
const EMAIL = { Message: 'Sign-in code {####}', Subject: 'Your sign-in code' };

type MfaSetting = 'OFF' | 'OPTIONAL' | 'ON_TOTP' | 'ON_SMS' | 'ON_EMAIL' | 'ON_TOTP_SMS';
const POOL_MFA: Record<MfaSetting, Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'> | undefined> = {
  OFF: undefined,
  OPTIONAL: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
  ON_TOTP: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } },
  ON_SMS: { MfaConfiguration: 'ON', SmsMfaConfiguration: SMS },
  ON_EMAIL: { MfaConfiguration: 'ON', EmailMfaConfiguration: EMAIL },
  ON_TOTP_SMS: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true }, SmsMfaConfiguration: SMS },
};

type UserState = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'UNCONFIRMED' | 'disabled' | 'unknown' | 'locked' | 'with TOTP' | 'with TOTP and SMS';

/** An answer in one vocabulary: `tokens`, `challenge NAME`, or the error's message. */
type Outcome = string;
const TOKENS = 'tokens';
const challenge = (name: string): Outcome => `challenge ${name}`;
const GRANT_MFA = 'The user must answer an MFA challenge, which the password grant cannot do.';
const GRANT_NEW_PASSWORD = 'The user must set a new password, which the password grant cannot do.';

interface Row {
  mfa: MfaSetting;
  user: UserState;
  password?: string;
  /** What the API flows and the hosted form answer. */
  expected: Outcome;
  /** What the password grant answers, where it differs (it cannot answer a challenge). */
  grant?: Outcome;
  /** The API's error type, where the answer is an error. */
  errorType?: string;
}

const INCORRECT = 'Incorrect username or password.';
const ROWS: Row[] = [
  { mfa: 'OFF', user: 'CONFIRMED', expected: TOKENS },
  { mfa: 'OFF', user: 'CONFIRMED', password: 'Wrong-Passw0rd!', expected: INCORRECT, errorType: 'NotAuthorizedException' },
  { mfa: 'OFF', user: 'FORCE_CHANGE_PASSWORD', expected: challenge('NEW_PASSWORD_REQUIRED'), grant: GRANT_NEW_PASSWORD },
  { mfa: 'OFF', user: 'RESET_REQUIRED', expected: 'Password reset required for the user', errorType: 'PasswordResetRequiredException' },
  { mfa: 'OFF', user: 'UNCONFIRMED', expected: 'User is not confirmed.', errorType: 'UserNotConfirmedException' },
  { mfa: 'OFF', user: 'UNCONFIRMED', password: 'Wrong-Passw0rd!', expected: 'User is not confirmed.', errorType: 'UserNotConfirmedException' },
  { mfa: 'OFF', user: 'disabled', expected: 'User is disabled.', errorType: 'NotAuthorizedException' },
  // LEGACY existence errors: the API and the hosted form say so; the grant never does.
  { mfa: 'OFF', user: 'unknown', expected: 'User does not exist.', grant: INCORRECT, errorType: 'UserNotFoundException' },
  { mfa: 'OFF', user: 'locked', expected: 'Password attempts exceeded', errorType: 'NotAuthorizedException' },
  { mfa: 'OPTIONAL', user: 'CONFIRMED', expected: TOKENS },
  { mfa: 'OPTIONAL', user: 'with TOTP', expected: challenge('SOFTWARE_TOKEN_MFA'), grant: GRANT_MFA },
  { mfa: 'OPTIONAL', user: 'with TOTP', password: 'Wrong-Passw0rd!', expected: INCORRECT, errorType: 'NotAuthorizedException' },
  { mfa: 'OPTIONAL', user: 'FORCE_CHANGE_PASSWORD', expected: challenge('NEW_PASSWORD_REQUIRED'), grant: GRANT_NEW_PASSWORD },
  { mfa: 'ON_TOTP', user: 'with TOTP', expected: challenge('SOFTWARE_TOKEN_MFA'), grant: GRANT_MFA },
  { mfa: 'ON_TOTP', user: 'CONFIRMED', expected: challenge('MFA_SETUP'), grant: GRANT_MFA },
  { mfa: 'ON_TOTP', user: 'FORCE_CHANGE_PASSWORD', expected: challenge('NEW_PASSWORD_REQUIRED'), grant: GRANT_NEW_PASSWORD },
  { mfa: 'ON_TOTP', user: 'disabled', expected: 'User is disabled.', errorType: 'NotAuthorizedException' },
  { mfa: 'ON_TOTP', user: 'locked', expected: 'Password attempts exceeded', errorType: 'NotAuthorizedException' },
  { mfa: 'ON_SMS', user: 'CONFIRMED', expected: challenge('SMS_MFA'), grant: GRANT_MFA },
  { mfa: 'ON_EMAIL', user: 'CONFIRMED', expected: challenge('EMAIL_OTP'), grant: GRANT_MFA },
  { mfa: 'ON_TOTP_SMS', user: 'with TOTP and SMS', expected: challenge('SELECT_MFA_TYPE'), grant: GRANT_MFA },
];

type Channel = 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'USER_SRP_AUTH' | 'hosted' | 'password grant';
const CHANNELS: Channel[] = ['USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'hosted', 'password grant'];

/** The page the hosted form redirects to, as the challenge it asks. */
const PAGE_CHALLENGE: Record<string, (body: string) => string> = {
  newPassword: () => 'NEW_PASSWORD_REQUIRED',
  mfa: (body) => (body.includes('authenticator app') ? 'SOFTWARE_TOKEN_MFA' : body.includes('text message') ? 'SMS_MFA' : 'EMAIL_OTP'),
  selectMfa: () => 'SELECT_MFA_TYPE',
  mfaSetup: () => 'MFA_SETUP',
};

interface PoolUnderTest {
  poolId: string;
  clientId: string;
  base: string;
}

forEachEngine(
  'one sign-in engine, every channel',
  (server) => {
    const cognito = () => server().cognito;
    const pools = new Map<MfaSetting, PoolUnderTest>();
    let serial = 0;

    async function createPool(mfa: MfaSetting): Promise<PoolUnderTest> {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: `engine-${mfa}` }))).UserPool!.Id!;
      const config = POOL_MFA[mfa];
      if (config) await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...config }));
      await cognito().send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `engine${randomBytes(5).toString('hex')}` }));
      const clientId = (
        await cognito().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'every-channel',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            SupportedIdentityProviders: ['COGNITO'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['openid', 'email'],
            CallbackURLs: [CALLBACK],
          }),
        )
      ).UserPoolClient!.ClientId!;
      await setPasswordGrantAllowed(server().services, clientId, true);
      return { poolId, clientId, base: `${server().services.settings.publicUrl}/${poolId}` };
    }

    beforeAll(async () => {
      for (const mfa of new Set(ROWS.map((r) => r.mfa))) pools.set(mfa, await createPool(mfa));
    });

    /** Gives the user a verified authenticator (through an access token issued directly, as MFA may block sign-in). */
    async function enrolAuthenticator(pool: PoolUnderTest, username: string): Promise<void> {
      const s = server().services;
      const { accessToken: AccessToken } = await issueTokens(s, {
        pool: await getPool(s, pool.poolId),
        client: await getClient(s, pool.clientId),
        user: await getUser(s, pool.poolId, username),
        authTime: Math.floor(clock.now() / 1000),
        refreshToken: false,
        trigger: { source: 'TokenGeneration_Authentication' },
      });
      const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
      await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(SecretCode!) }));
    }

    /** A user in the row's state, named afresh for every row. */
    async function createUserIn(pool: PoolUnderTest, state: UserState): Promise<string> {
      const username = `u${++serial}-${randomBytes(3).toString('hex')}`;
      if (state === 'unknown') return username;
      const UserPoolId = pool.poolId;
      const attributes: AttributeType[] = [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'phone_number', Value: '+15555550100' },
        { Name: 'phone_number_verified', Value: 'true' },
      ];
      if (state === 'UNCONFIRMED') {
        await cognito().send(new SignUpCommand({ ClientId: pool.clientId, Username: username, Password: PASSWORD, UserAttributes: attributes.filter((a) => a.Name === 'email') }));
        return username;
      }
      const temporary = state === 'FORCE_CHANGE_PASSWORD';
      await cognito().send(
        new AdminCreateUserCommand({ UserPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes, ...(temporary ? { TemporaryPassword: PASSWORD } : {}) }),
      );
      if (!temporary) await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }));
      if (state === 'RESET_REQUIRED') await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId, Username: username }));
      if (state === 'disabled') await cognito().send(new AdminDisableUserCommand({ UserPoolId, Username: username }));
      if (state === 'with TOTP' || state === 'with TOTP and SMS') await enrolAuthenticator(pool, username);
      if (state === 'with TOTP and SMS') {
        await cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId, Username: username, SMSMfaSettings: { Enabled: true } }));
      }
      if (state === 'locked') {
        for (let i = 0; i < 5; i++) await signIn(server(), pool, 'USER_PASSWORD_AUTH', username, 'Wrong-Passw0rd!');
      }
      return username;
    }

    describe.each(ROWS.map((row) => [`MFA ${row.mfa} × ${row.user}${row.password ? ' × wrong password' : ''}`, row] as const))('%s', (_title, row) => {
      it('every channel answers as the row says', async () => {
        const pool = pools.get(row.mfa)!;
        const username = await createUserIn(pool, row.user);
        const answers: Record<string, Outcome> = {};
        const errorTypes: Record<string, string | undefined> = {};
        for (const channel of CHANNELS) {
          const answer = await signIn(server(), pool, channel, username, row.password ?? PASSWORD);
          answers[channel] = answer.outcome;
          if (channel !== 'hosted' && channel !== 'password grant') errorTypes[channel] = answer.errorType;
        }
        const expected = Object.fromEntries(CHANNELS.map((c) => [c, c === 'password grant' ? (row.grant ?? row.expected) : row.expected]));
        expect(answers).toEqual(expected);
        if (row.errorType) for (const type of Object.values(errorTypes)) expect(type).toBe(row.errorType);
      });
    });
  },
  { clock },
);

/** One sign-in with a username and password through a channel, its answer reduced to the common vocabulary. */
async function signIn(server: TestServer, pool: PoolUnderTest, channel: Channel, username: string, password: string): Promise<{ outcome: Outcome; errorType?: string }> {
  if (channel === 'hosted') return { outcome: await hostedSignIn(pool, username, password) };
  if (channel === 'password grant') return { outcome: await grantSignIn(pool, username, password) };
  try {
    const out = await apiSignIn(server, pool, channel, username, password);
    return { outcome: out.AuthenticationResult?.AccessToken ? TOKENS : challenge(out.ChallengeName!) };
  } catch (error) {
    const e = error as { name: string; message: string };
    return { outcome: e.message, errorType: e.name };
  }
}

async function apiSignIn(server: TestServer, pool: PoolUnderTest, flow: Channel, username: string, password: string) {
  const cognito = server.cognito;
  if (flow === 'USER_PASSWORD_AUTH') {
    return cognito.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  }
  if (flow === 'ADMIN_USER_PASSWORD_AUTH') {
    return cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
  }
  const srp = srpClient(pool.poolId);
  const started = await cognito.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.SRP_A } }));
  return cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: pool.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: srp.respond(started.ChallengeParameters, password, { now: clock.now() }),
    }),
  );
}

/** The hosted form: a code at the callback, the page of a challenge, or the form again with the error. */
async function hostedSignIn(pool: PoolUnderTest, username: string, password: string): Promise<Outcome> {
  const browser = new FormBrowser();
  const query = new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: CALLBACK, scope: 'openid email', state: 's' });
  const page = await browser.submit(await browser.get(`${pool.base}/login?${query}`), 'cognitoSignInForm', { username, password });
  if (page.location?.startsWith(`${CALLBACK}?`)) return new URL(page.location).searchParams.has('code') ? TOKENS : `callback ${page.location}`;
  if (page.location) {
    const name = new URL(page.location).pathname.split('/').pop()!;
    const shown = await browser.get(page.location);
    return challenge(PAGE_CHALLENGE[name]?.(shown.body) ?? `page ${name}`);
  }
  return errorsOf(page.body).join(' / ');
}

/** Cognate's password grant at the token endpoint. */
async function grantSignIn(pool: PoolUnderTest, username: string, password: string): Promise<Outcome> {
  const res = await fetch(`${pool.base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: pool.clientId, username, password }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (res.status === 200 && body.access_token) return TOKENS;
  return body.error === 'invalid_grant' ? body.error_description! : `${body.error}: ${body.error_description}`;
}
