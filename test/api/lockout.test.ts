import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { lockDurationMs } from '../../src/core/signin/lockout.js';
import { ManualClock } from '../../src/core/providers.js';
import { formatSrpTimestamp } from '../../src/crypto/srp-server.js';
import { forEachEngine } from '../helpers/server.js';
import { srpClient } from '../helpers/srp-client.js';

const PASSWORD = 'Passw0rd!';
const WRONG = 'Wrong0rd!';
const incorrect = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const exceeded = { name: 'NotAuthorizedException', message: 'Password attempts exceeded' };
const expiredSession = { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' };

describe('lock duration', () => {
  it('is nothing before 5 failures, then 2^(n-5) seconds, capped at 15 minutes', () => {
    expect(lockDurationMs(4)).toBe(0);
    expect(lockDurationMs(5)).toBe(1000);
    expect(lockDurationMs(6)).toBe(2000);
    expect(lockDurationMs(14)).toBe(512_000);
    expect(lockDurationMs(15)).toBe(900_000);
    expect(lockDurationMs(40)).toBe(900_000);
  });
});

const clock = new ManualClock(Date.UTC(2026, 0, 1));

forEachEngine(
  'sign-in lockout and expiry, on a clock the test moves',
  (server) => {
    const cognito = () => server().cognito;
    const setup = async (
      client: Partial<CreateUserPoolClientCommandInput> = {},
      pool: Partial<CreateUserPoolCommandInput> = {},
      options: { temporary?: boolean } = {},
    ) => {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'lockout', ...pool }))).UserPool!.Id!;
      const clientId = (
        await cognito().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            ...client,
          }),
        )
      ).UserPoolClient!.ClientId!;
      await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'alice', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
      if (!options.temporary) {
        await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
      }
      return { poolId, clientId };
    };
    const signIn = (clientId: string, password: string) =>
      cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: password } }));
    const failTimes = async (clientId: string, n: number) => {
      for (let i = 0; i < n; i++) await expect(signIn(clientId, WRONG)).rejects.toMatchObject(incorrect);
    };

    describe('lockout', () => {
      it('locks the user for 1 s after 5 consecutive failures, even for the right password', async () => {
        const { clientId } = await setup();
        await failTimes(clientId, 5);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject(exceeded);
        await expect(signIn(clientId, WRONG)).rejects.toMatchObject(exceeded);
        clock.advance(999);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject(exceeded);
        clock.advance(1);
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('doubles the lock with each further failure', async () => {
        const { clientId } = await setup();
        await failTimes(clientId, 5);
        clock.advance(1000);
        await failTimes(clientId, 1);
        clock.advance(1999);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject(exceeded);
        clock.advance(1);
        await failTimes(clientId, 1);
        clock.advance(3999);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject(exceeded);
        clock.advance(1);
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('does not lengthen the lock for attempts made during it', async () => {
        const { clientId } = await setup();
        await failTimes(clientId, 5);
        for (let i = 0; i < 4; i++) {
          clock.advance(200);
          await expect(signIn(clientId, WRONG)).rejects.toMatchObject(exceeded);
        }
        clock.advance(200);
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('caps the lock at 15 minutes', async () => {
        const { clientId } = await setup();
        for (let n = 1; n <= 16; n++) {
          await failTimes(clientId, 1);
          if (n < 16) clock.advance(lockDurationMs(n));
        }
        clock.advance(15 * 60_000 - 1);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject(exceeded);
        clock.advance(1);
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('forgets failures after 15 minutes without one', async () => {
        const { clientId } = await setup();
        await failTimes(clientId, 4);
        clock.advance(15 * 60_000 + 1);
        await failTimes(clientId, 1);
        // Five failures in all, but only one counts: no lock.
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('clears the count on a successful sign-in', async () => {
        const { clientId } = await setup();
        await failTimes(clientId, 4);
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
        await failTimes(clientId, 4);
        expect((await signIn(clientId, PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('counts wrong SRP claims and refuses to start SRP during a lock', async () => {
        const { poolId, clientId } = await setup();
        const srpAttempt = async (password: string) => {
          const srp = srpClient(poolId);
          const started = await cognito().send(
            new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', SRP_A: srp.SRP_A } }),
          );
          return cognito().send(
            new RespondToAuthChallengeCommand({
              ClientId: clientId,
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeResponses: srp.respond(started.ChallengeParameters, password, { now: clock.now() }),
            }),
          );
        };
        for (let i = 0; i < 5; i++) await expect(srpAttempt(WRONG)).rejects.toMatchObject(incorrect);
        await expect(srpAttempt(PASSWORD)).rejects.toMatchObject(exceeded);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject(exceeded);
        clock.advance(1000);
        expect((await srpAttempt(PASSWORD)).AuthenticationResult).toBeDefined();
      });

      it('locks one user without touching another', async () => {
        const { poolId, clientId } = await setup();
        await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bob', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
        await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'bob', Password: PASSWORD, Permanent: true }));
        await failTimes(clientId, 5);
        const bob = await cognito().send(
          new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'bob', PASSWORD } }),
        );
        expect(bob.AuthenticationResult).toBeDefined();
      });
    });

    describe('SRP claims in time', () => {
      const start = async (poolId: string, clientId: string) => {
        const srp = srpClient(poolId);
        const started = await cognito().send(
          new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', SRP_A: srp.SRP_A } }),
        );
        const respond = (options: { timestamp?: string; now?: number }) =>
          cognito().send(
            new RespondToAuthChallengeCommand({
              ClientId: clientId,
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD, options),
            }),
          );
        return respond;
      };

      it('refuses a TIMESTAMP far from the server clock', async () => {
        const { poolId, clientId } = await setup();
        const respond = await start(poolId, clientId);
        await expect(respond({ now: clock.now() - 10 * 60_000 })).rejects.toMatchObject(incorrect);
        await expect(respond({ now: clock.now() + 10 * 60_000 })).rejects.toMatchObject(incorrect);
        expect((await respond({ now: clock.now() + 60_000 })).AuthenticationResult).toBeDefined();
        expect(formatSrpTimestamp(clock.now())).toMatch(/ UTC 20\d\d$/);
      });

      it("refuses a SECRET_BLOCK older than the client's AuthSessionValidity", async () => {
        const { poolId, clientId } = await setup();
        const respond = await start(poolId, clientId);
        clock.advance(3 * 60_000);
        await expect(respond({ now: clock.now() })).rejects.toMatchObject(expiredSession);
      });
    });

    describe('challenge sessions', () => {
      it('expire after 3 minutes by default', async () => {
        const { clientId } = await setup({}, {}, { temporary: true });
        const out = await signIn(clientId, PASSWORD);
        expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
        clock.advance(3 * 60_000);
        await expect(
          cognito().send(
            new RespondToAuthChallengeCommand({
              ClientId: clientId,
              ChallengeName: 'NEW_PASSWORD_REQUIRED',
              Session: out.Session,
              ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: 'N3w-Passw0rd' },
            }),
          ),
        ).rejects.toMatchObject(expiredSession);
      });

      it("last the client's AuthSessionValidity", async () => {
        const { clientId } = await setup({ AuthSessionValidity: 10 }, {}, { temporary: true });
        const out = await signIn(clientId, PASSWORD);
        clock.advance(9 * 60_000);
        const done = await cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: out.Session,
            ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: 'N3w-Passw0rd' },
          }),
        );
        expect(done.AuthenticationResult).toBeDefined();
      });
    });

    describe('temporary passwords', () => {
      it('expire after TemporaryPasswordValidityDays', async () => {
        const { clientId } = await setup({}, { Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 2 } } }, { temporary: true });
        clock.advance(2 * 86_400_000);
        expect((await signIn(clientId, PASSWORD)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
        clock.advance(1000);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Temporary password has expired and must be reset by an administrator.',
        });
        // A wrong password is still just wrong: the expiry is only told to whoever knows the password.
        await expect(signIn(clientId, WRONG)).rejects.toMatchObject(incorrect);
      });

      it('default to 7 days', async () => {
        const { clientId } = await setup({}, {}, { temporary: true });
        clock.advance(7 * 86_400_000 + 1000);
        await expect(signIn(clientId, PASSWORD)).rejects.toMatchObject({
          message: 'Temporary password has expired and must be reset by an administrator.',
        });
      });
    });
  },
  { clock },
);
