import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, CreateUserPoolClientCommandInput, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoUser, CognitoUserSession } from 'amazon-cognito-identity-js';
import { AuthenticationDetails, CognitoUserAttribute, CognitoUserPool } from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { ManualClock } from '../../src/core/providers.js';
import { verifyUserPassword } from '../../src/core/user/password.js';
import { getUser } from '../../src/core/user/users.js';
import { forEachEngine } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR = 60 * 60 * 1000;
const clock = new ManualClock(Date.now());

const attrs = (list: AttributeType[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

forEachEngine(
  'sign-up',
  (server) => {
    const cognito = () => server().cognito;
    const createPool = async (input: Partial<CreateUserPoolCommandInput> = {}) =>
      (await cognito().send(new CreateUserPoolCommand({ PoolName: 'signup', AutoVerifiedAttributes: ['email'], ...input }))).UserPool!.Id!;
    const createClient = async (UserPoolId: string, input: Partial<CreateUserPoolClientCommandInput> = {}) =>
      (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'app', ...input }))).UserPoolClient!;
    const setup = async (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const poolId = await createPool(pool);
      return { poolId, clientId: (await createClient(poolId, client)).ClientId! };
    };
    const signUp = (ClientId: string, Username: string, UserAttributes: AttributeType[] = [{ Name: 'email', Value: `${Username}@example.com` }]) =>
      cognito().send(new SignUpCommand({ ClientId, Username, Password: PASSWORD, UserAttributes }));
    const messages = (poolId: string, username?: string) => listOutbox(server().services, { poolId, username });
    const lastCode = async (poolId: string, username: string) => (await messages(poolId, username)).at(-1)!.code!;
    const adminGet = (UserPoolId: string, Username: string) => cognito().send(new AdminGetUserCommand({ UserPoolId, Username }));
    const confirm = (ClientId: string, Username: string, ConfirmationCode: string, extra: { ForceAliasCreation?: boolean } = {}) =>
      cognito().send(new ConfirmSignUpCommand({ ClientId, Username, ConfirmationCode, ...extra }));

    describe('SignUp', () => {
      it('creates an UNCONFIRMED user and sends a confirmation code to an auto-verified email', async () => {
        const { poolId, clientId } = await setup();
        const res = await signUp(clientId, 'alice', [
          { Name: 'email', Value: 'alice@example.com' },
          { Name: 'name', Value: 'Alice' },
        ]);
        expect(res.UserConfirmed).toBe(false);
        expect(res.UserSub).toMatch(UUID);
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'a***@e***' });

        const user = await adminGet(poolId, 'alice');
        expect(user.UserStatus).toBe('UNCONFIRMED');
        expect(attrs(user.UserAttributes)).toEqual({ sub: res.UserSub, email: 'alice@example.com', name: 'Alice' });
        const services = server().services;
        expect(verifyUserPassword(services, await getUser(services, poolId, 'alice'), PASSWORD)).toBe(true);

        const [message, ...rest] = await messages(poolId, 'alice');
        expect(rest).toEqual([]);
        expect(message).toMatchObject({ kind: 'confirmation', channel: 'EMAIL', destination: 'alice@example.com', subject: 'Your verification code' });
        expect(message!.code).toMatch(/^\d{6}$/);
        expect(message!.body).toBe(`Your verification code is ${message!.code}.`);
      });

      it("uses the pool's verification message template", async () => {
        const { poolId, clientId } = await setup({
          VerificationMessageTemplate: { EmailMessage: 'Welcome aboard! Your code: {####}', EmailSubject: 'Confirm your account' },
        });
        await signUp(clientId, 'tpl');
        const message = (await messages(poolId, 'tpl'))[0]!;
        expect(message.subject).toBe('Confirm your account');
        expect(message.body).toBe(`Welcome aboard! Your code: ${message.code}`);
      });

      it('sends the code by SMS when the pool verifies phone numbers too, the phone coming first', async () => {
        const { poolId, clientId } = await setup({ AutoVerifiedAttributes: ['email', 'phone_number'] });
        const res = await signUp(clientId, 'phil', [
          { Name: 'email', Value: 'phil@example.com' },
          { Name: 'phone_number', Value: '+15555550100' },
        ]);
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+*******0100' });
        const message = (await messages(poolId, 'phil'))[0]!;
        expect(message).toMatchObject({ channel: 'SMS', destination: '+15555550100', kind: 'confirmation' });
        await confirm(clientId, 'phil', message.code!);
        expect(attrs((await adminGet(poolId, 'phil')).UserAttributes)).toMatchObject({ phone_number_verified: 'true' });
      });

      it('leaves the user UNCONFIRMED without any message when the pool verifies nothing automatically', async () => {
        const { poolId, clientId } = await setup({ AutoVerifiedAttributes: [] });
        const res = await signUp(clientId, 'quiet');
        expect(res.UserConfirmed).toBe(false);
        expect(res.CodeDeliveryDetails).toBeUndefined();
        expect((await adminGet(poolId, 'quiet')).UserStatus).toBe('UNCONFIRMED');
        expect(await messages(poolId)).toEqual([]);
        await expect(cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'quiet' }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Cannot resend codes. Auto verification not turned on.',
        });
      });

      it('makes the email the sign-in name and a UUID the username in email-as-username pools', async () => {
        const { poolId, clientId } = await setup({ UsernameAttributes: ['email'] });
        const res = await signUp(clientId, 'erin@example.com', []);
        const user = await adminGet(poolId, 'erin@example.com');
        expect(user.Username).toBe(res.UserSub);
        expect(attrs(user.UserAttributes)).toMatchObject({ email: 'erin@example.com', sub: res.UserSub });
        await expect(signUp(clientId, 'erin@example.com', [])).rejects.toMatchObject({
          name: 'UsernameExistsException',
          message: 'An account with the given email already exists.',
        });
        await expect(signUp(clientId, 'not-an-email', [])).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Username should be an email.',
        });
        await confirm(clientId, 'erin@example.com', await lastCode(poolId, 'erin@example.com'));
        expect((await adminGet(poolId, 'erin@example.com')).UserStatus).toBe('CONFIRMED');
      });

      it('refuses a username that is taken', async () => {
        const { clientId } = await setup();
        await signUp(clientId, 'dup');
        await expect(signUp(clientId, 'dup')).rejects.toMatchObject({ name: 'UsernameExistsException', message: 'User already exists' });
      });

      it('refuses sign-up in pools where only administrators create users', async () => {
        const { clientId } = await setup({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
        await expect(signUp(clientId, 'nope')).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'SignUp is not permitted for this user pool',
        });
      });

      it("checks the password against the pool's policy", async () => {
        const { clientId } = await setup();
        await expect(
          cognito().send(new SignUpCommand({ ClientId: clientId, Username: 'weak', Password: 'password1!' })),
        ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password must have uppercase characters' });
        await expect(cognito().send(new SignUpCommand({ ClientId: clientId, Username: 'nopass' }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
        });
      });

      it('needs an existing app client', async () => {
        await expect(signUp('nosuchclient0000000000000a', 'x')).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
          message: 'User pool client nosuchclient0000000000000a does not exist.',
        });
      });

      it('requires the SECRET_HASH of clients that have a secret', async () => {
        const poolId = await createPool();
        const client = await createClient(poolId, { GenerateSecret: true });
        const input = { ClientId: client.ClientId!, Username: 'sam', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }] };
        await expect(cognito().send(new SignUpCommand(input))).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: `Unable to verify secret hash for client ${client.ClientId}`,
        });
        const SecretHash = createHmac('sha256', client.ClientSecret!).update(`sam${client.ClientId}`).digest('base64');
        expect((await cognito().send(new SignUpCommand({ ...input, SecretHash }))).UserConfirmed).toBe(false);
        const code = await lastCode(poolId, 'sam');
        await expect(confirm(client.ClientId!, 'sam', code)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
        await cognito().send(new ConfirmSignUpCommand({ ClientId: client.ClientId!, Username: 'sam', ConfirmationCode: code, SecretHash }));
      });

      it('does not let users set the verified flags or attributes outside the schema', async () => {
        const { clientId } = await setup();
        await expect(
          signUp(clientId, 'sneaky', [
            { Name: 'email', Value: 'sneaky@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ]),
        ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
        await expect(signUp(clientId, 'odd', [{ Name: 'custom:nothing', Value: 'x' }])).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Attributes did not conform to the schema: custom:nothing: Attribute does not exist in the schema.\n',
        });
      });

      it("honours the client's WriteAttributes", async () => {
        const { clientId } = await setup({}, { WriteAttributes: ['email'] });
        await expect(
          signUp(clientId, 'named', [
            { Name: 'email', Value: 'named@example.com' },
            { Name: 'name', Value: 'Named' },
          ]),
        ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
      });

      it('validates the request against the model', async () => {
        const { clientId } = await setup();
        await expect(cognito().send(new SignUpCommand({ ClientId: clientId, Username: '', Password: PASSWORD }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: expect.stringContaining("at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        });
      });
    });

    describe('ConfirmSignUp', () => {
      it('confirms the user with the code and marks the email verified; a second confirmation is refused', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'carol');
        await confirm(clientId, 'carol', await lastCode(poolId, 'carol'));
        const user = await adminGet(poolId, 'carol');
        expect(user.UserStatus).toBe('CONFIRMED');
        expect(attrs(user.UserAttributes)).toMatchObject({ email: 'carol@example.com', email_verified: 'true' });
        await expect(confirm(clientId, 'carol', await lastCode(poolId, 'carol'))).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'User cannot be confirmed. Current status is CONFIRMED',
        });
      });

      it('refuses a wrong code and an expired one', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'dave');
        const code = await lastCode(poolId, 'dave');
        const wrong = code === '000000' ? '111111' : '000000';
        await expect(confirm(clientId, 'dave', wrong)).rejects.toMatchObject({
          name: 'CodeMismatchException',
          message: 'Invalid verification code provided, please try again.',
        });
        clock.advance(24 * HOUR + 1000);
        await expect(confirm(clientId, 'dave', code)).rejects.toMatchObject({
          name: 'ExpiredCodeException',
          message: 'Invalid code provided, please request a code again.',
        });
        expect((await adminGet(poolId, 'dave')).UserStatus).toBe('UNCONFIRMED');
      });

      it('stops checking codes after 15 failures in an hour', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'eve');
        const code = await lastCode(poolId, 'eve');
        const wrong = code === '000000' ? '111111' : '000000';
        for (let i = 0; i < 15; i++) await expect(confirm(clientId, 'eve', wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
        await expect(confirm(clientId, 'eve', code)).rejects.toMatchObject({
          name: 'LimitExceededException',
          message: 'Attempt limit exceeded, please try after some time.',
        });
        clock.advance(HOUR + 1000);
        await confirm(clientId, 'eve', code);
      });

      it('does not let parallel guesses get past the cap', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'burst');
        const wrong = (await lastCode(poolId, 'burst')) === '000000' ? '111111' : '000000';
        const results = await Promise.allSettled(Array.from({ length: 25 }, () => confirm(clientId, 'burst', wrong)));
        const names = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'fulfilled'));
        expect(names.filter((n) => n === 'CodeMismatchException').length).toBeLessThanOrEqual(15);
        expect(names.every((n) => ['CodeMismatchException', 'LimitExceededException', 'ConcurrentModificationException'].includes(n))).toBe(true);
        // However the burst went, no more than 15 guesses are ever checked.
        let checked = names.filter((n) => n === 'CodeMismatchException').length;
        for (;;) {
          const name = await confirm(clientId, 'burst', wrong).catch((e: Error) => e.name);
          if (name !== 'CodeMismatchException') {
            expect(name).toBe('LimitExceededException');
            break;
          }
          checked++;
        }
        expect(checked).toBe(15);
      });

      it('reports unknown users, or hides them behind a code mismatch when existence errors are prevented', async () => {
        const { poolId, clientId } = await setup();
        await expect(confirm(clientId, 'ghost', '123456')).rejects.toMatchObject({
          name: 'UserNotFoundException',
          message: 'Username/client id combination not found.',
        });
        const hiding = await createClient(poolId, { PreventUserExistenceErrors: 'ENABLED' });
        await expect(confirm(hiding.ClientId!, 'ghost', '123456')).rejects.toMatchObject({ name: 'CodeMismatchException' });
      });

      it("needs ForceAliasCreation to take over another user's verified email alias", async () => {
        const { poolId, clientId } = await setup({ AliasAttributes: ['email'] });
        await cognito().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'owner',
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: 'shared@example.com' },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
        await signUp(clientId, 'newcomer', [{ Name: 'email', Value: 'shared@example.com' }]);
        const code = await lastCode(poolId, 'newcomer');
        await expect(confirm(clientId, 'newcomer', code)).rejects.toMatchObject({
          name: 'AliasExistsException',
          message: 'An account with the given email already exists.',
        });
        expect((await adminGet(poolId, 'newcomer')).UserStatus).toBe('UNCONFIRMED');
        await confirm(clientId, 'newcomer', code, { ForceAliasCreation: true });
        expect((await adminGet(poolId, 'shared@example.com')).Username).toBe('newcomer');
        expect(attrs((await adminGet(poolId, 'owner')).UserAttributes).email_verified).toBe('false');
      });
    });

    describe('ResendConfirmationCode', () => {
      it('sends a new code that replaces the previous one', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'frank');
        const first = await lastCode(poolId, 'frank');
        const res = await cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'frank' }));
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'f***@e***' });
        const all = await messages(poolId, 'frank');
        expect(all).toHaveLength(2);
        const second = all[1]!.code!;
        if (second !== first) await expect(confirm(clientId, 'frank', first)).rejects.toMatchObject({ name: 'CodeMismatchException' });
        await confirm(clientId, 'frank', second);
        await expect(cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'frank' }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'User is already confirmed.',
        });
      });

      it('allows five codes an hour', async () => {
        const { clientId } = await setup();
        await signUp(clientId, 'gina');
        const resend = () => cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'gina' }));
        for (let i = 0; i < 5; i++) await resend();
        await expect(resend()).rejects.toMatchObject({ name: 'LimitExceededException' });
      });

      it('answers unknown users with a plausible, stable delivery when existence errors are prevented', async () => {
        const { poolId, clientId } = await setup();
        await expect(cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'nobody' }))).rejects.toMatchObject({
          name: 'UserNotFoundException',
          message: 'Username/client id combination not found.',
        });
        const hiding = (await createClient(poolId, { PreventUserExistenceErrors: 'ENABLED' })).ClientId!;
        const first = await cognito().send(new ResendConfirmationCodeCommand({ ClientId: hiding, Username: 'nobody' }));
        const again = await cognito().send(new ResendConfirmationCodeCommand({ ClientId: hiding, Username: 'nobody' }));
        expect(first.CodeDeliveryDetails).toMatchObject({ AttributeName: 'email', DeliveryMedium: 'EMAIL' });
        expect(first.CodeDeliveryDetails!.Destination).toMatch(/^.\*\*\*@.\*\*\*$/);
        expect(again.CodeDeliveryDetails).toEqual(first.CodeDeliveryDetails);
        expect(await messages(poolId)).toEqual([]);
      });
    });

    describe('amazon-cognito-identity-js', () => {
      it('signs up with CognitoUserPool.signUp and confirms with confirmRegistration', async () => {
        // SRP's TIMESTAMP is the library's real time; the server's clock was moved forward by other tests.
        clock.set(Date.now());
        const { poolId, clientId } = await setup();
        const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server().url });
        const result = await new Promise<{ userSub: string; userConfirmed: boolean; codeDeliveryDetails: unknown; user: CognitoUser }>(
          (resolve, reject) =>
            pool.signUp('jsuser', PASSWORD, [new CognitoUserAttribute({ Name: 'email', Value: 'jsuser@example.com' })], [], (error, data) =>
              error ? reject(error) : resolve(data as never),
            ),
        );
        expect(result.userConfirmed).toBe(false);
        expect(result.userSub).toMatch(UUID);
        expect(result.codeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'j***@e***' });
        const code = await lastCode(poolId, 'jsuser');
        await expect(
          new Promise((resolve, reject) =>
            result.user.authenticateUser(new AuthenticationDetails({ Username: 'jsuser', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject }),
          ),
        ).rejects.toMatchObject({ code: 'UserNotConfirmedException' });
        const outcome = await new Promise((resolve, reject) =>
          result.user.confirmRegistration(code, false, (error, data) => (error ? reject(error) : resolve(data))),
        );
        expect(outcome).toBe('SUCCESS');
        expect((await adminGet(poolId, 'jsuser')).UserStatus).toBe('CONFIRMED');
        // The new account signs in with SRP, as the app would next.
        const session = await new Promise<CognitoUserSession>((resolve, reject) =>
          result.user.authenticateUser(new AuthenticationDetails({ Username: 'jsuser', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject }),
        );
        expect(session.getIdToken().payload.email_verified).toBe(true);
      });
    });
  },
  { clock },
);
