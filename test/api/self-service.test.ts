import {
  AddCustomAttributesCommand,
  AdminInitiateAuthCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, CreateUserPoolClientCommandInput, CreateUserPoolCommandInput, ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { ManualClock } from '../../src/core/providers.js';
import { verifyUserPassword } from '../../src/core/user/password.js';
import { getUser } from '../../src/core/user/users.js';
import { forEachEngine, createConfirmedUser } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';
const FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const NEW_PASSWORD = 'N3w-Passw0rd!';
const HOUR = 60 * 60 * 1000;
const clock = new ManualClock(Date.now());

const attrs = (list: AttributeType[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

forEachEngine(
  'self-service',
  (server) => {
    const cognito = () => server().cognito;
    const setup = async (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'self', ...pool }))).UserPool!.Id!;
      const clientId = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: FLOWS, ...client }))).UserPoolClient!
        .ClientId!;
      return { poolId, clientId };
    };
    /** A CONFIRMED user with a verified email (unless other attributes are given). */
    const createUser = (UserPoolId: string, Username: string, UserAttributes?: AttributeType[]) =>
      createConfirmedUser(cognito(), UserPoolId, Username, PASSWORD, UserAttributes);
    /** Tokens from a password sign-in (ADMIN_USER_PASSWORD_AUTH). */
    const signIn = async (UserPoolId: string, ClientId: string, USERNAME: string, PASSWORD_ = PASSWORD) => {
      const res = await cognito().send(
        new AdminInitiateAuthCommand({ UserPoolId, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ } }),
      );
      return res.AuthenticationResult!.AccessToken!;
    };
    /** A pool, a client, a signed-in user: the access token. */
    const signedIn = async (username: string, pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const { poolId, clientId } = await setup(pool, client);
      await createUser(poolId, username);
      return { poolId, clientId, token: await signIn(poolId, clientId, username) };
    };
    const getSelf = (AccessToken: string) => cognito().send(new GetUserCommand({ AccessToken }));
    const adminAttrs = async (UserPoolId: string, Username: string) =>
      attrs((await cognito().send(new AdminGetUserCommand({ UserPoolId, Username }))).UserAttributes);
    const update = (AccessToken: string, UserAttributes: AttributeType[]) =>
      cognito().send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes }));
    const lastMessage = async (poolId: string, username: string) => (await listOutbox(server().services, { poolId, username })).at(-1);
    const verify = (AccessToken: string, AttributeName: string, Code: string) =>
      cognito().send(new VerifyUserAttributeCommand({ AccessToken, AttributeName, Code }));
    const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

    describe('GetUser', () => {
      it("returns the signed-in user's username and attributes", async () => {
        const { poolId, token } = await signedIn('alice');
        const res = await getSelf(token);
        expect(res.Username).toBe('alice');
        expect(res.UserAttributes![0]!.Name).toBe('sub');
        expect(attrs(res.UserAttributes)).toEqual(await adminAttrs(poolId, 'alice'));
        expect(attrs(res.UserAttributes)).toMatchObject({ email: 'alice@example.com', email_verified: 'true' });
      });

      it("shows only what the app client may read, and never developer-only attributes unless listed", async () => {
        const { poolId, clientId } = await setup({
          Schema: [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true, Mutable: true }],
        });
        await createUser(poolId, 'bob', [
          { Name: 'email', Value: 'bob@example.com' },
          { Name: 'name', Value: 'Bob' },
          { Name: 'dev:custom:secret', Value: 'hidden' },
        ]);
        const everything = await getSelf(await signIn(poolId, clientId, 'bob'));
        expect(Object.keys(attrs(everything.UserAttributes)).sort()).toEqual(['email', 'name', 'sub']);
        const narrow = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'narrow', ExplicitAuthFlows: FLOWS, ReadAttributes: ['name'] })))
          .UserPoolClient!.ClientId!;
        const limited = await getSelf(await signIn(poolId, narrow, 'bob'));
        expect(Object.keys(attrs(limited.UserAttributes)).sort()).toEqual(['name', 'sub']);
      });

      it('refuses invalid, expired and disabled-user tokens with Cognito’s messages', async () => {
        const { poolId, token } = await signedIn('carol');
        await expect(getSelf('not.a.token')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
        const [header, payload] = token.split('.');
        await expect(getSelf(`${header}.${payload}.${'A'.repeat(342)}`)).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Invalid Access Token',
        });
        await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'carol' }));
        await expect(getSelf(token)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
        const other = await signedIn('dan');
        clock.advance(HOUR + 1000);
        await expect(getSelf(other.token)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
      });

      it('refuses users whose password an administrator reset', async () => {
        const { poolId, token } = await signedIn('erin');
        await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'erin' }));
        await expect(getSelf(token)).rejects.toMatchObject({ name: 'PasswordResetRequiredException', message: 'Password reset required for the user' });
      });
    });

    describe('UpdateUserAttributes', () => {
      it('changes attributes and deletes those sent empty', async () => {
        const { poolId, token } = await signedIn('fred');
        const res = await update(token, [
          { Name: 'name', Value: 'Fred' },
          { Name: 'locale', Value: 'en' },
        ]);
        expect(res.CodeDeliveryDetailsList).toBeUndefined();
        await update(token, [{ Name: 'locale', Value: '' }]);
        const a = await adminAttrs(poolId, 'fred');
        expect(a.name).toBe('Fred');
        expect(a.locale).toBeUndefined();
      });

      it('sends a code to a new email in pools that verify email, and the email is unverified until it comes back', async () => {
        const { poolId, token } = await signedIn('gina', { AutoVerifiedAttributes: ['email'] });
        const res = await update(token, [{ Name: 'email', Value: 'gina@new.example' }]);
        expect(res.CodeDeliveryDetailsList).toEqual([{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'g***@n***' }]);
        expect(await adminAttrs(poolId, 'gina')).toMatchObject({ email: 'gina@new.example', email_verified: 'false' });
        const message = (await lastMessage(poolId, 'gina'))!;
        expect(message).toMatchObject({ kind: 'verification', channel: 'EMAIL', destination: 'gina@new.example' });
        await expect(verify(token, 'email', otherThan(message.code!))).rejects.toMatchObject({
          name: 'CodeMismatchException',
          message: 'Invalid verification code provided, please try again.',
        });
        await verify(token, 'email', message.code!);
        expect(await adminAttrs(poolId, 'gina')).toMatchObject({ email: 'gina@new.example', email_verified: 'true' });
      });

      it('keeps the verified old email until the new one is verified when the pool requires verification before update', async () => {
        const { poolId, token } = await signedIn('hank', {
          AutoVerifiedAttributes: ['email'],
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        });
        const res = await update(token, [{ Name: 'email', Value: 'hank@new.example' }]);
        expect(res.CodeDeliveryDetailsList).toEqual([{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'h***@n***' }]);
        expect(attrs((await getSelf(token)).UserAttributes)).toMatchObject({ email: 'hank@example.com', email_verified: 'true' });
        const message = (await lastMessage(poolId, 'hank'))!;
        expect(message.destination).toBe('hank@new.example');
        await verify(token, 'email', message.code!);
        expect(attrs((await getSelf(token)).UserAttributes)).toMatchObject({ email: 'hank@new.example', email_verified: 'true' });
      });

      it("does not let users write the verified flags, developer-only or immutable attributes, or what the client may not write", async () => {
        const { poolId, clientId, token } = await signedIn('ivan', {
          Schema: [
            { Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true, Mutable: true },
            { Name: 'fixed', AttributeDataType: 'String', Mutable: false },
          ],
        });
        const unauthorized = { name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' };
        await expect(update(token, [{ Name: 'email_verified', Value: 'true' }])).rejects.toMatchObject(unauthorized);
        await expect(update(token, [{ Name: 'dev:custom:secret', Value: 'x' }])).rejects.toMatchObject(unauthorized);
        await expect(update(token, [{ Name: 'custom:fixed', Value: 'x' }])).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Attributes did not conform to the schema: custom:fixed: Attribute cannot be updated.\n',
        });
        const limited = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'w', ExplicitAuthFlows: FLOWS, WriteAttributes: ['email', 'name'] })))
          .UserPoolClient!.ClientId!;
        expect(limited).not.toBe(clientId);
        await expect(update(await signIn(poolId, limited, 'ivan'), [{ Name: 'locale', Value: 'fr' }])).rejects.toMatchObject(unauthorized);
      });

      it('refuses an email another user signs in with', async () => {
        const { poolId, clientId } = await setup({ UsernameAttributes: ['email'] });
        await createUser(poolId, 'one@example.com', []);
        await createUser(poolId, 'two@example.com', []);
        const token = await signIn(poolId, clientId, 'two@example.com');
        await expect(update(token, [{ Name: 'email', Value: 'one@example.com' }])).rejects.toMatchObject({
          name: 'AliasExistsException',
          message: 'An account with the given email already exists.',
        });
      });
    });

    describe('DeleteUserAttributes', () => {
      it('deletes attributes, an email with its verified flag', async () => {
        const { poolId, token } = await signedIn('jane');
        await update(token, [{ Name: 'nickname', Value: 'JJ' }]);
        await cognito().send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['nickname', 'email'] }));
        const a = await adminAttrs(poolId, 'jane');
        expect(a.nickname).toBeUndefined();
        expect(a.email).toBeUndefined();
        expect(a.email_verified).toBeUndefined();
      });

      it('refuses required attributes and unknown ones', async () => {
        const { poolId, clientId } = await setup({ Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
        await createUser(poolId, 'kim');
        const token = await signIn(poolId, clientId, 'kim');
        await expect(cognito().send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['email'] }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Attributes did not conform to the schema: email: The attribute is required.\n',
        });
        await expect(cognito().send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['custom:none'] }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
        });
      });
    });

    describe('GetUserAttributeVerificationCode and VerifyUserAttribute', () => {
      it('verifies a phone number with a code sent by SMS', async () => {
        const { poolId, token } = await signedIn('leo');
        await update(token, [{ Name: 'phone_number', Value: '+15555550142' }]);
        const res = await cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'phone_number' }));
        expect(res.CodeDeliveryDetails).toEqual({ AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+*******0142' });
        const message = (await lastMessage(poolId, 'leo'))!;
        expect(message).toMatchObject({ kind: 'verification', channel: 'SMS', destination: '+15555550142' });
        await verify(token, 'phone_number', message.code!);
        expect(await adminAttrs(poolId, 'leo')).toMatchObject({ phone_number: '+15555550142', phone_number_verified: 'true' });
      });

      it('only verifies email and phone_number, and sends at most five codes an hour', async () => {
        const { token } = await signedIn('mia');
        await expect(cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'name' }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
        });
        const send = () => cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
        for (let i = 0; i < 5; i++) await send();
        await expect(send()).rejects.toMatchObject({ name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
      });

      it('refuses a code that has expired', async () => {
        const { poolId, token } = await signedIn('ned');
        await cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
        const { code } = (await lastMessage(poolId, 'ned'))!;
        clock.advance(24 * HOUR + 1000);
        const fresh = await signIn(poolId, (await setupClient(poolId)).ClientId!, 'ned');
        await expect(verify(fresh, 'email', code!)).rejects.toMatchObject({
          name: 'ExpiredCodeException',
          message: 'Invalid code provided, please request a code again.',
        });
      });

      it('refuses to verify an email alias another user holds', async () => {
        const { poolId, clientId } = await setup({ AliasAttributes: ['email'] });
        await createUser(poolId, 'olga', [
          { Name: 'email', Value: 'same@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ]);
        await createUser(poolId, 'pete', [{ Name: 'email', Value: 'same@example.com' }]);
        const token = await signIn(poolId, clientId, 'pete');
        await cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }));
        await expect(verify(token, 'email', (await lastMessage(poolId, 'pete'))!.code!)).rejects.toMatchObject({
          name: 'AliasExistsException',
          message: 'An account with the given email already exists.',
        });
      });
    });

    describe('ChangePassword', () => {
      it('changes the password when the previous one is right', async () => {
        const { poolId, token } = await signedIn('quinn');
        await cognito().send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }));
        const services = server().services;
        const user = await getUser(services, poolId, 'quinn');
        expect(verifyUserPassword(services, user, NEW_PASSWORD)).toBe(true);
        expect(verifyUserPassword(services, user, PASSWORD)).toBe(false);
        // The session that changed it stays signed in, and the new password signs in.
        expect((await getSelf(token)).Username).toBe('quinn');
        const { clientId } = await setupClient(poolId).then((c) => ({ clientId: c.ClientId! }));
        expect(await signIn(poolId, clientId, 'quinn', NEW_PASSWORD)).toBeTruthy();
        await expect(signIn(poolId, clientId, 'quinn')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      });

      it("refuses a wrong previous password, a new password outside the pool's policy, and more than five failures an hour", async () => {
        const { token } = await signedIn('rita');
        const change = (PreviousPassword: string, ProposedPassword = NEW_PASSWORD) =>
          cognito().send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword, ProposedPassword }));
        await expect(change(PASSWORD, 'weakpass')).rejects.toMatchObject({
          name: 'InvalidPasswordException',
          message: 'Password did not conform with policy: Password must have uppercase characters',
        });
        for (let i = 0; i < 5; i++)
          await expect(change('Wr0ng-Passw0rd!')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        await expect(change(PASSWORD)).rejects.toMatchObject({ name: 'LimitExceededException' });
      });
    });

    describe('DeleteUser', () => {
      it('deletes the signed-in user, whose token then stops working', async () => {
        const { poolId, token } = await signedIn('sid');
        await cognito().send(new DeleteUserCommand({ AccessToken: token }));
        await expect(cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sid' }))).rejects.toMatchObject({
          name: 'UserNotFoundException',
        });
        await expect(getSelf(token)).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
      });
    });

    describe('custom attributes', () => {
      it('lets users write custom attributes added to the pool later', async () => {
        const { poolId, token } = await signedIn('tess');
        await cognito().send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'team', AttributeDataType: 'String' }] }));
        await update(token, [{ Name: 'custom:team', Value: 'blue' }]);
        expect(attrs((await getSelf(token)).UserAttributes)['custom:team']).toBe('blue');
      });
    });

    const setupClient = async (UserPoolId: string) =>
      (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'again', ExplicitAuthFlows: FLOWS }))).UserPoolClient!;
  },
  { clock },
);
