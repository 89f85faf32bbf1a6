import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, CreateUserPoolClientCommandInput, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { ManualClock } from '../../src/core/providers.js';
import { verifyUserPassword } from '../../src/core/user/password.js';
import { getUser } from '../../src/core/user/users.js';
import { findSignInState } from '../../src/store/tokens.js';
import { failAttempt, reserveAttempt } from '../../src/core/signin/lockout.js';
import { forEachEngine, createConfirmedUser } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'N3w-Passw0rd!';
const HOUR = 60 * 60 * 1000;
const clock = new ManualClock(Date.now());

forEachEngine(
  'forgot password',
  (server) => {
    const cognito = () => server().cognito;
    const setup = async (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'recovery', ...pool }))).UserPool!.Id!;
      const created = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...client }))).UserPoolClient!;
      return { poolId, clientId: created.ClientId!, clientSecret: created.ClientSecret };
    };
    /** A CONFIRMED user with a password of their own and, by default, a verified email. */
    const createUser = (UserPoolId: string, Username: string, UserAttributes?: AttributeType[]) =>
      createConfirmedUser(cognito(), UserPoolId, Username, PASSWORD, UserAttributes);
    const forgot = (ClientId: string, Username: string, SecretHash?: string) =>
      cognito().send(new ForgotPasswordCommand({ ClientId, Username, SecretHash }));
    const confirmForgot = (ClientId: string, Username: string, ConfirmationCode: string, Password = NEW_PASSWORD) =>
      cognito().send(new ConfirmForgotPasswordCommand({ ClientId, Username, ConfirmationCode, Password }));
    const lastMessage = async (poolId: string, username: string) => (await listOutbox(server().services, { poolId, username })).at(-1)!;
    const passwordWorks = async (poolId: string, username: string, password: string) => {
      const services = server().services;
      return verifyUserPassword(services, await getUser(services, poolId, username), password);
    };
    const status = async (UserPoolId: string, Username: string) =>
      (await cognito().send(new AdminGetUserCommand({ UserPoolId, Username }))).UserStatus;
    const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

    describe('ForgotPassword', () => {
      it('sends a reset code to the verified email and keeps the old password until it is used', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'alice');
        const res = await forgot(clientId, 'alice');
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'a***@e***' });
        const message = await lastMessage(poolId, 'alice');
        expect(message).toMatchObject({ kind: 'forgot-password', channel: 'EMAIL', destination: 'alice@example.com' });
        expect(message.code).toMatch(/^\d{6}$/);
        expect(message.body).toContain(message.code);
        expect(await passwordWorks(poolId, 'alice', PASSWORD)).toBe(true);
        expect(await status(poolId, 'alice')).toBe('CONFIRMED');
      });

      it("sends the code by SMS when the pool's recovery setting prefers a verified phone", async () => {
        const { poolId, clientId } = await setup({
          AccountRecoverySetting: {
            RecoveryMechanisms: [
              { Name: 'verified_phone_number', Priority: 1 },
              { Name: 'verified_email', Priority: 2 },
            ],
          },
        });
        await createUser(poolId, 'phil', [
          { Name: 'email', Value: 'phil@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'phone_number', Value: '+15555550123' },
          { Name: 'phone_number_verified', Value: 'true' },
        ]);
        const res = await forgot(clientId, 'phil');
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+*******0123' });
        expect(await lastMessage(poolId, 'phil')).toMatchObject({ channel: 'SMS', destination: '+15555550123' });
      });

      it('refuses users without a verified email or phone number', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'unverified', [{ Name: 'email', Value: 'unverified@example.com' }]);
        await expect(forgot(clientId, 'unverified')).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
        });
      });

      it('refuses users who still have a temporary password, and disabled users', async () => {
        const { poolId, clientId } = await setup();
        await cognito().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'invited',
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: 'invited@example.com' },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
        await expect(forgot(clientId, 'invited')).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'User password cannot be reset in the current state.',
        });
        await createUser(poolId, 'off');
        await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'off' }));
        await expect(forgot(clientId, 'off')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
      });

      it('reports unknown users, or pretends to send a code when existence errors are prevented', async () => {
        const { poolId, clientId } = await setup();
        await expect(forgot(clientId, 'ghost')).rejects.toMatchObject({
          name: 'UserNotFoundException',
          message: 'Username/client id combination not found.',
        });
        const hiding = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'hide', PreventUserExistenceErrors: 'ENABLED' })))
          .UserPoolClient!.ClientId!;
        const res = await forgot(hiding, 'ghost@example.org');
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'g***@e***' });
        await expect(confirmForgot(hiding, 'ghost@example.org', '123456')).rejects.toMatchObject({
          name: 'CodeMismatchException',
          message: 'Invalid verification code provided, please try again.',
        });
        await expect(confirmForgot(clientId, 'ghost', '123456')).rejects.toMatchObject({ name: 'UserNotFoundException' });
        expect(await listOutbox(server().services, { poolId })).toEqual([]);
      });

      it('requires the SECRET_HASH of clients that have a secret', async () => {
        const { poolId, clientId, clientSecret } = await setup({}, { GenerateSecret: true });
        await createUser(poolId, 'sam');
        await expect(forgot(clientId, 'sam')).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: `Unable to verify secret hash for client ${clientId}`,
        });
        const hash = createHmac('sha256', clientSecret!).update(`sam${clientId}`).digest('base64');
        await forgot(clientId, 'sam', hash);
      });
    });

    describe('ConfirmForgotPassword', () => {
      it('sets the new password with the code, which then is spent', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'bob');
        await forgot(clientId, 'bob');
        const { code } = await lastMessage(poolId, 'bob');
        await confirmForgot(clientId, 'bob', code!);
        expect(await passwordWorks(poolId, 'bob', NEW_PASSWORD)).toBe(true);
        expect(await passwordWorks(poolId, 'bob', PASSWORD)).toBe(false);
        expect(await status(poolId, 'bob')).toBe('CONFIRMED');
        await expect(confirmForgot(clientId, 'bob', code!, 'An0ther-Passw0rd!')).rejects.toMatchObject({
          name: 'ExpiredCodeException',
          message: 'Invalid code provided, please request a code again.',
        });
      });

      it('refuses a wrong code, and keeps the code when only the new password breaks the policy', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'carl');
        await forgot(clientId, 'carl');
        const { code } = await lastMessage(poolId, 'carl');
        await expect(confirmForgot(clientId, 'carl', otherThan(code!))).rejects.toMatchObject({
          name: 'CodeMismatchException',
          message: 'Invalid verification code provided, please try again.',
        });
        await expect(confirmForgot(clientId, 'carl', code!, 'short')).rejects.toMatchObject({
          name: 'InvalidPasswordException',
          message: 'Password did not conform with policy: Password not long enough',
        });
        await confirmForgot(clientId, 'carl', code!);
        expect(await passwordWorks(poolId, 'carl', NEW_PASSWORD)).toBe(true);
      });

      it('refuses a code older than one hour', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'dora');
        await forgot(clientId, 'dora');
        const { code } = await lastMessage(poolId, 'dora');
        clock.advance(HOUR + 1000);
        await expect(confirmForgot(clientId, 'dora', code!)).rejects.toMatchObject({ name: 'ExpiredCodeException' });
        expect(await passwordWorks(poolId, 'dora', PASSWORD)).toBe(true);
      });

      it('stops checking codes after five failures in an hour', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'fay');
        await forgot(clientId, 'fay');
        const { code } = await lastMessage(poolId, 'fay');
        for (let i = 0; i < 5; i++) await expect(confirmForgot(clientId, 'fay', otherThan(code!))).rejects.toMatchObject({ name: 'CodeMismatchException' });
        await expect(confirmForgot(clientId, 'fay', code!)).rejects.toMatchObject({
          name: 'LimitExceededException',
          message: 'Attempt limit exceeded, please try after some time.',
        });
      });

      it('finishes an administrator reset: RESET_REQUIRED becomes CONFIRMED with the code the reset sent', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'reset');
        await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'reset' }));
        expect(await status(poolId, 'reset')).toBe('RESET_REQUIRED');
        const { code, kind } = await lastMessage(poolId, 'reset');
        expect(kind).toBe('forgot-password');
        await confirmForgot(clientId, 'reset', code!);
        expect(await status(poolId, 'reset')).toBe('CONFIRMED');
        expect(await passwordWorks(poolId, 'reset', NEW_PASSWORD)).toBe(true);
      });

      it('forgets failed sign-ins once the password is reset', async () => {
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'locked');
        const services = server().services;
        const user = await getUser(services, poolId, 'locked');
        await reserveAttempt(services, poolId, user.usernameKey);
        for (let i = 0; i < 6; i++) await failAttempt(services, poolId, user.usernameKey);
        expect((await findSignInState(services.store.db, poolId, user.usernameKey))!.failed_attempts).toBe(6);
        await forgot(clientId, 'locked');
        await confirmForgot(clientId, 'locked', (await lastMessage(poolId, 'locked')).code!);
        expect((await findSignInState(services.store.db, poolId, user.usernameKey))!.failed_attempts).toBe(0);
      });

      it('refuses users who have not confirmed their sign-up', async () => {
        const { poolId, clientId } = await setup();
        await cognito().send(new SignUpCommand({ ClientId: clientId, Username: 'pending', Password: PASSWORD }));
        await cognito().send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: 'pending',
            UserAttributes: [
              { Name: 'email', Value: 'pending@example.com' },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
        await forgot(clientId, 'pending');
        await expect(confirmForgot(clientId, 'pending', (await lastMessage(poolId, 'pending')).code!)).rejects.toMatchObject({
          name: 'UserNotConfirmedException',
          message: 'User is not confirmed.',
        });
      });
    });

    describe('amazon-cognito-identity-js', () => {
      it('resets a password with forgotPassword and confirmPassword', async () => {
        // SRP's TIMESTAMP is the library's real time; the server's clock was moved forward by other tests.
        clock.set(Date.now());
        const { poolId, clientId } = await setup();
        await createUser(poolId, 'jsuser');
        const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server().url });
        const user = new CognitoUser({ Username: 'jsuser', Pool: pool });
        const delivery = await new Promise((resolve, reject) =>
          user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
        );
        expect(delivery).toEqual({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'j***@e***' } });
        const { code } = await lastMessage(poolId, 'jsuser');
        const outcome = await new Promise((resolve, reject) => user.confirmPassword(code!, NEW_PASSWORD, { onSuccess: resolve, onFailure: reject }));
        expect(outcome).toBe('SUCCESS');
        const session = await new Promise<CognitoUserSession>((resolve, reject) =>
          user.authenticateUser(new AuthenticationDetails({ Username: 'jsuser', Password: NEW_PASSWORD }), { onSuccess: resolve, onFailure: reject }),
        );
        expect(session.getAccessToken().payload.username).toBe('jsuser');
      });
    });
  },
  { clock },
);
