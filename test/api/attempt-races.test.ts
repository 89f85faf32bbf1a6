import {
  AdminInitiateAuthCommand,
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, SetUserPoolMfaConfigCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it, vi } from 'vitest';
import { initiateAuth, respondToAuthChallenge } from '../../src/core/signin/flows.js';
import { FAILURES_BEFORE_LOCK, reserveAttempt } from '../../src/core/signin/lockout.js';
import { setPasswordGrantAllowed } from '../../src/core/oauth/password-grant.js';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { ManualClock } from '../../src/core/providers.js';
import { ATTEMPT_LIMITS } from '../../src/core/user/attempts.js';
import { verifyUserPassword } from '../../src/core/user/password.js';
import type { Services } from '../../src/core/services.js';
import { getUser } from '../../src/core/user/users.js';
import { findSignInState } from '../../src/store/tokens.js';
import type * as SrpModule from '../../src/crypto/srp.js';
import { computeVerifier, modPowN } from '../../src/crypto/srp.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import { countingServices } from '../helpers/statements.js';
import { srpClient } from '../helpers/srp-client.js';

// The expensive SRP arithmetic, counted: every caller in the server (same process) goes through these.
vi.mock('../../src/crypto/srp.js', async (importOriginal) => {
  const original = await importOriginal<typeof SrpModule>();
  return { ...original, computeVerifier: vi.fn(original.computeVerifier), modPowN: vi.fn(original.modPowN) };
});

/**
 * Parallel guessing (issue 8, point 1): every attempt at a password or a code is reserved against the
 * lockout or the hourly cap before it is judged, so a burst of guesses with the right answer last
 * gets no more judged than the limit allows, and never the right one, on both engines.
 * The clock is frozen, so no lock runs out while a burst is in flight.
 */

const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'N3w-Passw0rd!';
const GUESSES = 60;
const STEP_MS = 30_000;
const clock = new ManualClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000);

const INCORRECT = 'Incorrect username or password.';
const EXCEEDED = 'Password attempts exceeded';

/** Wrong guesses followed by the right one, all sent at once; the outcomes by error message. */
async function burst<T>(wrong: (i: number) => Promise<T>, right: () => Promise<T>): Promise<{ succeeded: T[]; errors: Map<string, number>; judged: (message: string) => number }> {
  const calls = Array.from({ length: GUESSES - 1 }, (_, i) => wrong(i));
  calls.push(right());
  const settled = await Promise.allSettled(calls);
  const succeeded: T[] = [];
  const errors = new Map<string, number>();
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') succeeded.push(outcome.value);
    else {
      const e = outcome.reason as { name?: string; message?: string };
      const key = `${e.name}: ${e.message}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
  const judged = (message: string) => [...errors].filter(([key]) => key.endsWith(`: ${message}`)).reduce((n, [, count]) => n + count, 0);
  return { succeeded, errors, judged };
}

/** Six digits that no authenticator shows now or one step either side. */
function wrongTotp(secret: string, i: number): string {
  const near = new Set([-1, 0, 1].map((steps) => appCode(secret, steps)));
  let n = i;
  let code = String(n).padStart(6, '0');
  while (near.has(code)) code = String(++n + 500_000).padStart(6, '0');
  return code;
}

const appCode = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now() + steps * STEP_MS });

/** A six-digit code that is not `code`. */
const otherCode = (code: string, i: number) => {
  const candidate = String(i).padStart(6, '0');
  return candidate === code ? '999999' : candidate;
};

forEachEngine(
  'attempts reserved before they are judged',
  (server) => {
    const cognito = () => server().cognito;
    const services = () => server().services;

    async function setup(
      options: { mfa?: Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'>; attributes?: AttributeType[]; autoVerify?: boolean; aliases?: boolean } = {},
    ) {
      const poolId = (
        await cognito().send(
          new CreateUserPoolCommand({
            PoolName: 'races',
            ...(options.autoVerify ? { AutoVerifiedAttributes: ['email'] } : {}),
            ...(options.aliases ? { AliasAttributes: ['email', 'preferred_username'] } : {}),
          }),
        )
      ).UserPool!.Id!;
      if (options.mfa) await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...options.mfa }));
      const clientId = (
        await cognito().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['openid'],
            CallbackURLs: ['https://app.example/callback'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      await createConfirmedUser(cognito(), poolId, 'alice', PASSWORD, options.attributes);
      return { poolId, clientId };
    }

    const passwordAuth = (clientId: string, password: string) =>
      cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: password } }));

    /** The burst judged at most FAILURES_BEFORE_LOCK guesses, refused the rest as locked, and signed nobody in. */
    function expectLockoutHeld(result: Awaited<ReturnType<typeof burst>>, judgedMessage = INCORRECT) {
      expect(result.succeeded).toEqual([]);
      expect(result.judged(judgedMessage)).toBeGreaterThan(0);
      expect(result.judged(judgedMessage)).toBeLessThanOrEqual(FAILURES_BEFORE_LOCK);
      expect(result.judged(judgedMessage) + result.judged(EXCEEDED), JSON.stringify([...result.errors])).toBe(GUESSES);
    }

    describe('passwords', () => {
      it('USER_PASSWORD_AUTH: 60 parallel guesses with the right password last judge at most 5 and sign nobody in', async () => {
        const { clientId } = await setup();
        const result = await burst(
          (i) => passwordAuth(clientId, `Wrong-${i}!`),
          () => passwordAuth(clientId, PASSWORD),
        );
        expectLockoutHeld(result);
        // Still locked on the frozen clock; a second later the right password works again.
        await expect(passwordAuth(clientId, PASSWORD)).rejects.toMatchObject({ message: EXCEEDED });
        clock.advance(lockSeconds(result.judged(INCORRECT)) * 1000);
        expect((await passwordAuth(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('ADMIN_USER_PASSWORD_AUTH: the same burst through the admin flow judges at most 5', async () => {
        const { poolId, clientId } = await setup();
        const admin = (password: string) =>
          cognito().send(
            new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: password } }),
          );
        expectLockoutHeld(await burst((i) => admin(`Wrong-${i}!`), () => admin(PASSWORD)));
      });

      it('SRP PASSWORD_VERIFIER: 60 parallel claims on 60 challenges, the right one last, judge at most 5', async () => {
        const { poolId, clientId } = await setup();
        const challenges: { srp: ReturnType<typeof srpClient>; parameters: Record<string, string> | undefined }[] = [];
        for (let i = 0; i < GUESSES; i++) {
          const srp = srpClient(poolId);
          const started = await cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', SRP_A: srp.SRP_A } }));
          challenges.push({ srp, parameters: started.ChallengeParameters });
        }
        const claim = (i: number, password: string) =>
          cognito().send(
            new RespondToAuthChallengeCommand({
              ClientId: clientId,
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeResponses: challenges[i]!.srp.respond(challenges[i]!.parameters, password, { now: clock.now() }),
            }),
          );
        expectLockoutHeld(await burst((i) => claim(i, `Wrong-${i}!`), () => claim(GUESSES - 1, PASSWORD)));
      });

      it('the Cognate password grant: 60 parallel guesses at /oauth2/token judge at most 5 and issue no token', async () => {
        const { poolId, clientId } = await setup();
        await setPasswordGrantAllowed(services(), clientId, true);
        const url = `${services().settings.publicUrl}/${poolId}/oauth2/token`;
        const grant = async (password: string) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username: 'alice', password }),
          });
          const body = (await res.json()) as { error?: string; error_description?: string; access_token?: string };
          if (res.status !== 200) throw Object.assign(new Error(body.error_description), { name: body.error });
          return body;
        };
        expectLockoutHeld(await burst((i) => grant(`Wrong-${i}!`), () => grant(PASSWORD)));
      });
    });

    describe('right answers at once (attempts in flight are not failures)', () => {
      it('USER_PASSWORD_AUTH: 24 right sign-ins of one user at once all get tokens, and no failure is left counted', async () => {
        const { poolId, clientId } = await setup();
        const results = await Promise.allSettled(Array.from({ length: 24 }, () => passwordAuth(clientId, PASSWORD)));
        const refused = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
        expect(refused).toEqual([]);
        const user = await getUser(services(), poolId, 'alice');
        const state = await findSignInState(services().store.db, poolId, user.usernameKey);
        expect(state).toMatchObject({ failed_attempts: 0, pending_attempts: 0 });
      });

      it('after 4 failures, 10 right sign-ins at once wait their turn for the one attempt left and all get tokens', async () => {
        const { clientId } = await setup();
        for (let i = 0; i < FAILURES_BEFORE_LOCK - 1; i++) await expect(passwordAuth(clientId, `Wrong-${i}!`)).rejects.toMatchObject({ message: INCORRECT });
        const results = await Promise.allSettled(Array.from({ length: 10 }, () => passwordAuth(clientId, PASSWORD)));
        expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      });

      it('after 4 failures, 60 wrong guesses at once: the one attempt left is judged, the rest wait and are refused by the lock it makes', async () => {
        const { clientId } = await setup();
        for (let i = 0; i < FAILURES_BEFORE_LOCK - 1; i++) await expect(passwordAuth(clientId, `Wrong-${i}!`)).rejects.toMatchObject({ message: INCORRECT });
        const result = await burst(
          (i) => passwordAuth(clientId, `Again-${i}!`),
          () => passwordAuth(clientId, 'Again-last!'),
        );
        expect(result.judged(INCORRECT)).toBe(1);
        expect(result.judged(EXCEEDED)).toBe(GUESSES - 1);
      });

      it('attempts a server left in flight when it died lapse after 10 s, and the user can sign in again', async () => {
        const { poolId, clientId } = await setup();
        const user = await getUser(services(), poolId, 'alice');
        // Five reservations never settled: as many as may be in flight for a user with no failures.
        for (let i = 0; i < FAILURES_BEFORE_LOCK; i++) await reserveAttempt(services(), poolId, user.usernameKey);
        expect(await findSignInState(services().store.db, poolId, user.usernameKey)).toMatchObject({ pending_attempts: FAILURES_BEFORE_LOCK });
        clock.advance(10_001);
        expect((await passwordAuth(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
        expect(await findSignInState(services().store.db, poolId, user.usernameKey)).toMatchObject({ failed_attempts: 0, pending_attempts: 0 });
      });
    });

    describe('MFA codes', () => {
      const mfaSession = async (clientId: string) => {
        const out = await passwordAuth(clientId, PASSWORD);
        expect(out.ChallengeName).toBeDefined();
        return out;
      };

      it('SOFTWARE_TOKEN_MFA: 60 parallel codes on one session, the right one last, judge at most 5 and sign nobody in', async () => {
        const { clientId } = await setup({ mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } } });
        const AccessToken = (await passwordAuth(clientId, PASSWORD)).AuthenticationResult!.AccessToken!;
        const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(SecretCode!) }));
        await cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
        clock.advance(STEP_MS); // the code used to verify the authenticator is spent
        const challenge = await mfaSession(clientId);
        expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
        const answer = (code: string) =>
          cognito().send(
            new RespondToAuthChallengeCommand({
              ClientId: clientId,
              ChallengeName: 'SOFTWARE_TOKEN_MFA',
              Session: challenge.Session,
              ChallengeResponses: { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: code },
            }),
          );
        const result = await burst((i) => answer(wrongTotp(SecretCode!, i)), () => answer(appCode(SecretCode!)));
        expectLockoutHeld(result, 'Invalid code received for user');
      });

      it('SMS_MFA: 60 parallel codes on one session, the right one last, judge at most 5 and sign nobody in', async () => {
        const { poolId, clientId } = await setup({
          mfa: { MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } } },
          attributes: [
            { Name: 'phone_number', Value: '+12065551234' },
            { Name: 'phone_number_verified', Value: 'true' },
          ],
        });
        const challenge = await mfaSession(clientId);
        expect(challenge.ChallengeName).toBe('SMS_MFA');
        const code = (await listOutbox(services(), { poolId, username: 'alice' })).at(-1)!.code!;
        const answer = (typed: string) =>
          cognito().send(
            new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SMS_MFA', Session: challenge.Session, ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: typed } }),
          );
        const result = await burst((i) => answer(otherCode(code, i)), () => answer(code));
        expect(result.succeeded).toEqual([]);
        // The code dies after 5 wrong answers (ExpiredCodeException) and the user is locked: either
        // way no more than 5 guesses were compared with the code.
        expect(result.judged('Invalid code or auth state for the user.')).toBeLessThanOrEqual(FAILURES_BEFORE_LOCK);
        expect(result.judged('Invalid code or auth state for the user.') + result.judged(EXCEEDED) + result.judged('Invalid code provided, please request a code again.')).toBe(GUESSES);
      });
    });

    describe('confirmation and reset codes', () => {
      it('ConfirmForgotPassword: 60 parallel codes, the right one last, judge at most the hourly cap and change nothing', async () => {
        const { poolId, clientId } = await setup();
        await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'alice' }));
        const code = (await listOutbox(services(), { poolId, username: 'alice' })).at(-1)!.code!;
        const confirm = (typed: string) =>
          cognito().send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: typed, Password: NEW_PASSWORD }));
        const result = await burst((i) => confirm(otherCode(code, i)), () => confirm(code));
        expect(result.succeeded).toEqual([]);
        const mismatches = result.judged('Invalid verification code provided, please try again.');
        expect(mismatches).toBeLessThanOrEqual(ATTEMPT_LIMITS['confirm-forgot-password']);
        // Every other guess is refused by the cap, never by a lost race.
        expect(mismatches + result.judged('Attempt limit exceeded, please try after some time.'), JSON.stringify([...result.errors])).toBe(GUESSES);
        const user = await getUser(services(), poolId, 'alice');
        expect(verifyUserPassword(services(), user, PASSWORD)).toBe(true);
      });

      it('ConfirmSignUp: 60 parallel codes, the right one last, judge at most the hourly cap and leave the user unconfirmed', async () => {
        const { poolId, clientId } = await setup({ autoVerify: true });
        await cognito().send(
          new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }),
        );
        const code = (await listOutbox(services(), { poolId, username: 'bob' })).at(-1)!.code!;
        const confirm = (typed: string) => cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: typed }));
        const result = await burst((i) => confirm(otherCode(code, i)), () => confirm(code));
        expect(result.succeeded).toEqual([]);
        const mismatches = result.judged('Invalid verification code provided, please try again.');
        expect(mismatches).toBeLessThanOrEqual(ATTEMPT_LIMITS['confirm-sign-up']);
        expect(mismatches + result.judged('Attempt limit exceeded, please try after some time.'), JSON.stringify([...result.errors])).toBe(GUESSES);
        expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }))).UserStatus).toBe('UNCONFIRMED');
      });
    });

    describe('equal work for unknown users (PreventUserExistenceErrors ENABLED)', () => {
      /** Runs `call` (which must fail as "Incorrect username or password.") and returns the work it did. */
      async function workOf(call: (services: Services) => Promise<unknown>) {
        const counted = countingServices(services());
        vi.mocked(computeVerifier).mockClear();
        vi.mocked(modPowN).mockClear();
        await expect(call(counted.services)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: INCORRECT });
        return { statements: signInWork(counted.statements), verifiers: vi.mocked(computeVerifier).mock.calls.length, modPows: vi.mocked(modPowN).mock.calls.length };
      }

      async function preventingClient(options: { aliases?: boolean } = {}) {
        const { poolId } = await setup(options);
        const clientId = (
          await cognito().send(
            new CreateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientName: 'quiet',
              ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              PreventUserExistenceErrors: 'ENABLED',
            }),
          )
        ).UserPoolClient!.ClientId!;
        return { poolId, clientId };
      }

      it('USER_PASSWORD_AUTH: an unknown name costs the same statements and verifier computations as a wrong password', async () => {
        const { clientId } = await preventingClient();
        const attempt = (USERNAME: string) => (s: Services) =>
          initiateAuth(s, { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: 'Wrong-0rd!' } });
        await workOf(attempt('nobody')); // loads the pool and client into the cache
        const known = await workOf(attempt('alice'));
        const unknown = await workOf(attempt('nobody'));
        expect(known.verifiers).toBe(1);
        expect(unknown.verifiers).toBe(known.verifiers);
        // The same statements in the same order: the user lookup, its attributes, the attempt reservation.
        expect(known.statements.some((s) => /insert into "user_sign_in_state"/.test(s))).toBe(true);
        expect(known.statements.some((s) => /insert into "auth_events"/.test(s))).toBe(true);
        expect(unknown.statements).toEqual(known.statements);
      });

      it('USER_PASSWORD_AUTH in a pool with sign-in aliases: an unknown name runs every alias lookup a known one runs', async () => {
        const { clientId } = await preventingClient({ aliases: true });
        const attempt = (USERNAME: string) => (s: Services) =>
          initiateAuth(s, { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: 'Wrong-0rd!' } });
        await workOf(attempt('nobody'));
        const byUsername = await workOf(attempt('alice'));
        const byAlias = await workOf(attempt('alice@example.com'));
        const unknown = await workOf(attempt('nobody'));
        expect(byUsername.statements.filter((s) => /"user_aliases"/.test(s)).length).toBe(2);
        expect(unknown.statements).toEqual(byUsername.statements);
        expect(byAlias.statements).toEqual(byUsername.statements);
        expect(unknown.verifiers).toBe(byUsername.verifiers);
      });

      it('USER_SRP_AUTH: the challenge and a wrong claim cost the same for an unknown name as for a known user', async () => {
        const { poolId, clientId } = await preventingClient();
        const start = (USERNAME: string, s: Services) => {
          const srp = srpClient(poolId);
          return { srp, started: initiateAuth(s, { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME, SRP_A: srp.SRP_A } }) };
        };
        /** The work of starting SRP, which succeeds for known and unknown names alike. */
        async function startWork(USERNAME: string) {
          const counted = countingServices(services());
          const { srp, started } = start(USERNAME, counted.services);
          vi.mocked(modPowN).mockClear();
          const outcome = await started;
          return { srp, outcome, statements: signInWork(counted.statements), modPows: vi.mocked(modPowN).mock.calls.length };
        }
        await startWork('nobody');
        const knownStart = await startWork('alice');
        const unknownStart = await startWork('nobody');
        expect(knownStart.outcome.ChallengeName).toBe('PASSWORD_VERIFIER');
        expect(unknownStart.outcome.ChallengeName).toBe('PASSWORD_VERIFIER');
        expect(unknownStart.statements).toEqual(knownStart.statements);
        expect(unknownStart.modPows).toBe(knownStart.modPows);

        const claim = (begun: Awaited<ReturnType<typeof startWork>>) => (s: Services) =>
          respondToAuthChallenge(s, {
            ClientId: clientId,
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeResponses: begun.srp.respond(begun.outcome.ChallengeParameters, 'Wrong-0rd!', { now: clock.now() }),
          });
        const known = await workOf(claim(knownStart));
        const unknown = await workOf(claim(unknownStart));
        expect(known.statements.some((s) => /insert into "user_sign_in_state"/.test(s))).toBe(true);
        // A wrong claim is a failed sign-in event; for an unknown name the same insert and trim run and write nothing.
        expect(known.statements.some((s) => /insert into "auth_events"/.test(s))).toBe(true);
        expect(unknown.statements).toEqual(known.statements);
        expect(unknown.modPows).toBe(known.modPows);
      });
    });
  },
  { clock },
);

// Pool and client configuration is cached with a lifetime; a reload is not part of either path.
const signInWork = (statements: string[]) => statements.filter((s) => !/"user_pools"|"user_pool_clients"/.test(s));

/** How long n consecutive failures lock, in whole seconds (cognito-wire.md §8). */
function lockSeconds(failures: number): number {
  return failures < FAILURES_BEFORE_LOCK ? 0 : Math.min(2 ** (failures - FAILURES_BEFORE_LOCK), 900);
}
