import { fileURLToPath } from 'node:url';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, CreateUserPoolCommandInput, LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import {
  CustomEmailSenderTriggerSchema,
  CustomMessageTriggerSchema,
  CustomSMSSenderTriggerSchema,
  PostConfirmationTriggerSchema,
  PreSignupTriggerSchema,
} from '@aws-lambda-powertools/parser/schemas/cognito';
import type { CustomEmailSenderTriggerEvent, CustomMessageTriggerEvent, PostConfirmationTriggerEvent, PreSignUpTriggerEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../../src/core/trigger/runner.js';
import { decryptCustomSenderCode } from '../../src/client/index.js';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { functionRunner } from '../../src/functions/runner.js';
import { forEachEngine } from '../helpers/server.js';
import { errorsOf, FormBrowser } from '../ui/form-client.js';
import { createUiFixture } from '../ui/fixture.js';

const PASSWORD = 'Passw0rd!';
const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const EXAMPLE = fileURLToPath(new URL('../../examples/triggers/pre-signup-auto-confirm/index.mjs', import.meta.url));

/**
 * The functions the pools of this file name, run in this process. What each does is set per test
 * (`behave`); every event a function receives is recorded (`seen`).
 */
type Behaviour = (event: TriggerEvent) => unknown;
const behaviour = new Map<string, Behaviour>();
const seen: TriggerEvent[] = [];
const recorded =
  (name: string) =>
  async (event: TriggerEvent): Promise<unknown> => {
    seen.push(structuredClone(event));
    const act = behaviour.get(name);
    return act ? act(event) : event;
  };
const functions = functionRunner({
  handlers: Object.fromEntries(['pre-signup', 'post-confirmation', 'custom-message', 'email-sender', 'sms-sender'].map((name) => [name, recorded(name)])),
  modules: { 'pre-signup-auto-confirm': EXAMPLE },
});
const behave = (name: string, act: Behaviour) => behaviour.set(name, act);
const eventsOf = (poolId: string, source?: string) => seen.filter((e) => e.userPoolId === poolId && (!source || e.triggerSource === source));

const ALL_TRIGGERS: LambdaConfigType = { PreSignUp: arn('pre-signup'), PostConfirmation: arn('post-confirmation'), CustomMessage: arn('custom-message') };

forEachEngine(
  'sign-up and message triggers',
  (server) => {
    const cognito = () => server().cognito;
    const messages = (poolId: string, username?: string) => listOutbox(server().services, { poolId, username });
    const setup = async (LambdaConfig: LambdaConfigType = ALL_TRIGGERS, pool: Partial<CreateUserPoolCommandInput> = {}) => {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'triggers', AutoVerifiedAttributes: ['email'], LambdaConfig, ...pool }))).UserPool!.Id!;
      const client = await cognito().send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      );
      return { poolId, clientId: client.UserPoolClient!.ClientId! };
    };
    const signUp = (ClientId: string, Username: string, extra: { UserAttributes?: AttributeType[]; ValidationData?: AttributeType[]; ClientMetadata?: Record<string, string> } = {}) =>
      cognito().send(new SignUpCommand({ ClientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }], ...extra }));
    const status = async (UserPoolId: string, Username: string) => (await cognito().send(new AdminGetUserCommand({ UserPoolId, Username }))).UserStatus;
    const attributesOf = async (UserPoolId: string, Username: string) =>
      Object.fromEntries(((await cognito().send(new AdminGetUserCommand({ UserPoolId, Username }))).UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    const confirmedUser = async (poolId: string, username: string, attributes: AttributeType[] = [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }]) => {
      await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes }));
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    };
    const signIn = (UserPoolId: string, ClientId: string, USERNAME: string) =>
      cognito().send(new AdminInitiateAuthCommand({ UserPoolId, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }));
    const fails = (kind: string, message: string) => ({ name: 'UserLambdaValidationException', message: `${kind} failed with error ${message}.` });
    const fail = (message: string) => () => {
      throw new Error(message);
    };

    /** A CustomMessage function answering with `text` (SMS and e-mail) and an e-mail subject. */
    const custom = (text: string, subject = 'Custom subject') => (event: TriggerEvent) => ({
      ...event,
      response: { smsMessage: `SMS ${text}`, emailMessage: `E-mail ${text}`, emailSubject: subject },
    });

    beforeEach(() => behaviour.clear());

    describe('PreSignUp', () => {
      it('PreSignUp_SignUp receives the attributes, validation data and client metadata; by default nothing is automatic', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'ann', { ValidationData: [{ Name: 'invite', Value: 'x1' }], ClientMetadata: { from: 'test' } });
        const [event] = eventsOf(poolId, 'PreSignUp_SignUp') as unknown as PreSignUpTriggerEvent[];
        expect(PreSignupTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          version: '1',
          region: server().services.settings.region,
          userName: 'ann',
          callerContext: { clientId },
          request: { userAttributes: { email: 'ann@example.com' }, validationData: { invite: 'x1' }, clientMetadata: { from: 'test' } },
          response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
        });
        expect(await status(poolId, 'ann')).toBe('UNCONFIRMED');
        expect(await messages(poolId, 'ann')).toHaveLength(1);
      });

      it('sends null validation data and no client metadata when the caller gave none', async () => {
        const { poolId, clientId } = await setup();
        await signUp(clientId, 'abe');
        const [event] = eventsOf(poolId, 'PreSignUp_SignUp');
        expect(event!.request.validationData).toBeNull();
        expect(event!.request).not.toHaveProperty('clientMetadata');
      });

      it('autoConfirmUser with autoVerifyEmail confirms at once, verifies the e-mail, sends no code and runs PostConfirmation', async () => {
        const { poolId, clientId } = await setup();
        behave('pre-signup', (event) => ({ ...event, response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false } }));
        const result = await signUp(clientId, 'bob', { ClientMetadata: { k: 'v' } });
        expect(result.UserConfirmed).toBe(true);
        expect(result.CodeDeliveryDetails).toBeUndefined();
        expect(await status(poolId, 'bob')).toBe('CONFIRMED');
        expect((await attributesOf(poolId, 'bob')).email_verified).toBe('true');
        expect(await messages(poolId)).toEqual([]);
        expect(eventsOf(poolId, 'CustomMessage_SignUp')).toEqual([]);
        const [post] = eventsOf(poolId, 'PostConfirmation_ConfirmSignUp');
        expect(post).toMatchObject({ userName: 'bob', request: { userAttributes: { email: 'bob@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, clientMetadata: { k: 'v' } } });
      });

      it('autoVerifyEmail without autoConfirmUser changes nothing, as in Cognito', async () => {
        const { poolId, clientId } = await setup();
        behave('pre-signup', (event) => ({ ...event, response: { autoConfirmUser: false, autoVerifyEmail: true } }));
        const result = await signUp(clientId, 'cat');
        expect(result.UserConfirmed).toBe(false);
        expect(result.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
        expect((await attributesOf(poolId, 'cat')).email_verified).toBeUndefined();
      });

      it('a failing PreSignUp is UserLambdaValidationException: no user, no code', async () => {
        const { poolId, clientId } = await setup();
        behave('pre-signup', fail('Sign-ups are closed'));
        await expect(signUp(clientId, 'dan')).rejects.toMatchObject(fails('PreSignUp', 'Sign-ups are closed'));
        await expect(status(poolId, 'dan')).rejects.toMatchObject({ name: 'UserNotFoundException' });
        expect(await messages(poolId)).toEqual([]);
        // The name is still free once the function lets it through.
        behaviour.clear();
        await expect(signUp(clientId, 'dan')).resolves.toMatchObject({ UserConfirmed: false });
      });

      it('PreSignUp_AdminCreateUser receives the new user; its failure creates nothing and sends no invitation', async () => {
        const { poolId } = await setup();
        await cognito().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'eve',
            UserAttributes: [{ Name: 'email', Value: 'eve@example.com' }],
            ValidationData: [{ Name: 'ticket', Value: '7' }],
            ClientMetadata: { via: 'admin' },
          }),
        );
        const [event] = eventsOf(poolId, 'PreSignUp_AdminCreateUser');
        expect(PreSignupTriggerSchema.safeParse({ ...event, triggerSource: 'PreSignUp_SignUp' }).success).toBe(true);
        expect(event).toMatchObject({
          userName: 'eve',
          callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' },
          request: { userAttributes: { email: 'eve@example.com' }, validationData: { ticket: '7' }, clientMetadata: { via: 'admin' } },
        });
        expect(await status(poolId, 'eve')).toBe('FORCE_CHANGE_PASSWORD');

        behave('pre-signup', fail('No admins today'));
        await expect(
          cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'fay', UserAttributes: [{ Name: 'email', Value: 'fay@example.com' }] })),
        ).rejects.toMatchObject(fails('PreSignUp', 'No admins today'));
        await expect(status(poolId, 'fay')).rejects.toMatchObject({ name: 'UserNotFoundException' });
        expect(await messages(poolId, 'fay')).toEqual([]);
      });

      it('the example pre-signup-auto-confirm module confirms example.com, codes others, refuses no e-mail', async () => {
        const { poolId, clientId } = await setup({ PreSignUp: arn('pre-signup-auto-confirm') });
        expect(await signUp(clientId, 'gus')).toMatchObject({ UserConfirmed: true });
        expect((await attributesOf(poolId, 'gus')).email_verified).toBe('true');
        const other = await signUp(clientId, 'hal', { UserAttributes: [{ Name: 'email', Value: 'hal@elsewhere.test' }] });
        expect(other).toMatchObject({ UserConfirmed: false, CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } });
        await expect(signUp(clientId, 'ivy', { UserAttributes: [] })).rejects.toMatchObject(fails('PreSignUp', 'An e-mail address is required'));
      });
    });

    describe('PostConfirmation', () => {
      it('PostConfirmation_ConfirmSignUp after ConfirmSignUp, with the confirmed user and the client metadata', async () => {
        const { poolId, clientId } = await setup({ PostConfirmation: arn('post-confirmation') });
        await signUp(clientId, 'jay');
        const code = (await messages(poolId, 'jay')).at(-1)!.code!;
        expect(eventsOf(poolId)).toEqual([]);
        await cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'jay', ConfirmationCode: code, ClientMetadata: { step: 'confirm' } }));
        const [event] = eventsOf(poolId) as unknown as PostConfirmationTriggerEvent[];
        expect(PostConfirmationTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          triggerSource: 'PostConfirmation_ConfirmSignUp',
          userName: 'jay',
          callerContext: { clientId },
          request: { userAttributes: { email: 'jay@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, clientMetadata: { step: 'confirm' } },
          response: {},
        });
        expect(event!.request.userAttributes.sub).toBeDefined();
      });

      it('PostConfirmation_ConfirmSignUp after AdminConfirmSignUp', async () => {
        const { poolId, clientId } = await setup({ PostConfirmation: arn('post-confirmation') });
        await signUp(clientId, 'kim');
        await cognito().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'kim', ClientMetadata: { by: 'admin' } }));
        expect(eventsOf(poolId)).toMatchObject([
          { triggerSource: 'PostConfirmation_ConfirmSignUp', userName: 'kim', callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' }, request: { clientMetadata: { by: 'admin' } } },
        ]);
      });

      it('PostConfirmation_ConfirmForgotPassword after ConfirmForgotPassword', async () => {
        const { poolId, clientId } = await setup({ PostConfirmation: arn('post-confirmation') });
        await confirmedUser(poolId, 'lee');
        await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'lee' }));
        const code = (await messages(poolId, 'lee')).at(-1)!.code!;
        await cognito().send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'lee', ConfirmationCode: code, Password: 'N3w-Passw0rd!' }));
        const [event] = eventsOf(poolId);
        expect(PostConfirmationTriggerSchema.safeParse({ ...event, triggerSource: 'PostConfirmation_ConfirmSignUp' }).success).toBe(true);
        expect(event).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmForgotPassword', userName: 'lee', request: { userAttributes: { 'cognito:user_status': 'CONFIRMED' } } });
      });

      it('a failing PostConfirmation is UserLambdaValidationException; as in Cognito the user stays confirmed', async () => {
        const { poolId, clientId } = await setup({ PostConfirmation: arn('post-confirmation') });
        behave('post-confirmation', fail('CRM down'));
        await signUp(clientId, 'max');
        const code = (await messages(poolId, 'max')).at(-1)!.code!;
        await expect(cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'max', ConfirmationCode: code }))).rejects.toMatchObject(
          fails('PostConfirmation', 'CRM down'),
        );
        expect(await status(poolId, 'max')).toBe('CONFIRMED');
      });
    });

    describe('CustomMessage', () => {
      it('CustomMessage_SignUp: the function writes the text, Cognito puts the code in', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') });
        behave('custom-message', custom('welcome {####}'));
        await signUp(clientId, 'ned', { ClientMetadata: { lang: 'en' } });
        const [event] = eventsOf(poolId) as unknown as CustomMessageTriggerEvent[];
        expect(CustomMessageTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          triggerSource: 'CustomMessage_SignUp',
          userName: 'ned',
          callerContext: { clientId },
          request: {
            userAttributes: { email: 'ned@example.com', 'cognito:user_status': 'UNCONFIRMED' },
            codeParameter: '{####}',
            linkParameter: '{##Click Here##}',
            usernameParameter: null,
            clientMetadata: { lang: 'en' },
          },
          response: { smsMessage: null, emailMessage: null, emailSubject: null },
        });
        const [message] = await messages(poolId, 'ned');
        expect(message).toMatchObject({ channel: 'EMAIL', subject: 'Custom subject', body: `E-mail welcome ${message!.code}` });
      });

      it('a text without the code placeholder is not used: the pool’s own message goes', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') }, { VerificationMessageTemplate: { EmailMessage: 'Pool code {####}' } });
        behave('custom-message', custom('no code here'));
        await signUp(clientId, 'oda');
        const [message] = await messages(poolId, 'oda');
        expect(message!.body).toBe(`Pool code ${message!.code}`);
      });

      it('a failing CustomMessage stops the sign-up: no user, no message', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') });
        behave('custom-message', fail('template missing'));
        await expect(signUp(clientId, 'pam')).rejects.toMatchObject(fails('CustomMessage', 'template missing'));
        await expect(status(poolId, 'pam')).rejects.toMatchObject({ name: 'UserNotFoundException' });
        expect(await messages(poolId)).toEqual([]);
      });

      it('CustomMessage_AdminCreateUser: {username} and {####} (the temporary password), by e-mail and SMS', async () => {
        const { poolId } = await setup({ CustomMessage: arn('custom-message') });
        behave('custom-message', custom('{username} / {####}', 'Welcome aboard'));
        await cognito().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'quinn',
            TemporaryPassword: 'Temp-Passw0rd!',
            DesiredDeliveryMediums: ['EMAIL', 'SMS'],
            UserAttributes: [
              { Name: 'email', Value: 'quinn@example.com' },
              { Name: 'phone_number', Value: '+12065550100' },
            ],
          }),
        );
        const [event] = eventsOf(poolId);
        expect(CustomMessageTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({ triggerSource: 'CustomMessage_AdminCreateUser', request: { usernameParameter: '{username}', linkParameter: null } });
        const sent = await messages(poolId, 'quinn');
        expect(sent.map((m) => [m.channel, m.subject, m.body])).toEqual([
          ['EMAIL', 'Welcome aboard', 'E-mail quinn / Temp-Passw0rd!'],
          ['SMS', null, 'SMS quinn / Temp-Passw0rd!'],
        ]);
      });

      it('CustomMessage_ResendCode', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') });
        await signUp(clientId, 'rex');
        behave('custom-message', custom('again {####}'));
        await cognito().send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'rex', ClientMetadata: { n: '2' } }));
        expect(eventsOf(poolId).map((e) => e.triggerSource)).toEqual(['CustomMessage_SignUp', 'CustomMessage_ResendCode']);
        expect(eventsOf(poolId).at(-1)!.request.clientMetadata).toEqual({ n: '2' });
        const last = (await messages(poolId, 'rex')).at(-1)!;
        expect(last.body).toBe(`E-mail again ${last.code}`);
      });

      it('CustomMessage_ForgotPassword', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') });
        await confirmedUser(poolId, 'sue');
        behave('custom-message', custom('reset {####}'));
        await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'sue' }));
        const [event] = eventsOf(poolId);
        expect(CustomMessageTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({ triggerSource: 'CustomMessage_ForgotPassword', userName: 'sue', request: { userAttributes: { 'cognito:user_status': 'CONFIRMED' } } });
        const last = (await messages(poolId, 'sue')).at(-1)!;
        expect(last).toMatchObject({ kind: 'forgot-password', body: `E-mail reset ${last.code}` });
      });

      it('CustomMessage_UpdateUserAttribute and CustomMessage_VerifyUserAttribute', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') });
        await confirmedUser(poolId, 'tom');
        const token = (await signIn(poolId, clientId, 'tom')).AuthenticationResult!.AccessToken!;
        behave('custom-message', custom('verify {####}'));
        await cognito().send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'tom@new.example' }] }));
        await cognito().send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email', ClientMetadata: { again: 'yes' } }));
        const events = eventsOf(poolId);
        expect(events.map((e) => e.triggerSource)).toEqual(['CustomMessage_UpdateUserAttribute', 'CustomMessage_VerifyUserAttribute']);
        expect(events[0]).toMatchObject({ callerContext: { clientId }, request: { userAttributes: { email: 'tom@new.example' } } });
        expect(events[1]!.request.clientMetadata).toEqual({ again: 'yes' });
        for (const e of events) expect(CustomMessageTriggerSchema.safeParse(e).success).toBe(true);
        const sent = await messages(poolId, 'tom');
        expect(sent.map((m) => m.body)).toEqual(sent.map((m) => `E-mail verify ${m.code}`));
        expect(sent).toHaveLength(2);
      });

      it('a failing CustomMessage on UpdateUserAttributes leaves the attributes as they were', async () => {
        const { poolId, clientId } = await setup({ CustomMessage: arn('custom-message') });
        await confirmedUser(poolId, 'uma');
        const token = (await signIn(poolId, clientId, 'uma')).AuthenticationResult!.AccessToken!;
        behave('custom-message', fail('nope'));
        await expect(
          cognito().send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'email', Value: 'uma@new.example' }] })),
        ).rejects.toMatchObject(fails('CustomMessage', 'nope'));
        expect(await attributesOf(poolId, 'uma')).toMatchObject({ email: 'uma@example.com', email_verified: 'true' });
        expect(await messages(poolId, 'uma')).toEqual([]);
      });

      it('CustomMessage_Authentication for an SMS MFA code', async () => {
        const { poolId, clientId } = await setup(
          { CustomMessage: arn('custom-message') },
          { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } },
        );
        await confirmedUser(poolId, 'val', [{ Name: 'phone_number', Value: '+12065550123' }, { Name: 'phone_number_verified', Value: 'true' }]);
        behave('custom-message', custom('sign in with {####}'));
        const challenge = await signIn(poolId, clientId, 'val');
        expect(challenge.ChallengeName).toBe('SMS_MFA');
        const [event] = eventsOf(poolId);
        expect(CustomMessageTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({ triggerSource: 'CustomMessage_Authentication', userName: 'val' });
        const last = (await messages(poolId, 'val')).at(-1)!;
        expect(last).toMatchObject({ kind: 'mfa', channel: 'SMS', body: `SMS sign in with ${last.code}` });
      });
    });

    describe('CustomEmailSender and CustomSMSSender', () => {
      const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const SENDERS: LambdaConfigType = {
        CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arn('email-sender') },
        CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arn('sms-sender') },
        KMSKeyID: KMS_KEY,
        CustomMessage: arn('custom-message'),
      };
      const keyOf = async (poolId: string) => {
        const res = await fetch(`${server().url}/_cognate/custom-sender-key?pool=${poolId}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { KeyId: string; Key: string };
        expect(body.KeyId).toBe(KMS_KEY);
        return body.Key;
      };

      it('CustomEmailSender_SignUp gets the encrypted code instead of the outbox; CustomMessage does not run', async () => {
        const { poolId, clientId } = await setup(SENDERS);
        await signUp(clientId, 'zed', { ClientMetadata: { app: 'web' } });
        expect(await messages(poolId)).toEqual([]);
        const [event] = eventsOf(poolId) as unknown as CustomEmailSenderTriggerEvent[];
        expect(eventsOf(poolId)).toHaveLength(1);
        expect(CustomEmailSenderTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          triggerSource: 'CustomEmailSender_SignUp',
          userName: 'zed',
          callerContext: { clientId },
          request: { type: 'customEmailSenderRequestV1', clientMetadata: { app: 'web' }, userAttributes: { email: 'zed@example.com', 'cognito:user_status': 'UNCONFIRMED' } },
        });
        const code = decryptCustomSenderCode(event!.request.code!, await keyOf(poolId));
        expect(code).toMatch(/^[0-9]{6}$/);
        await cognito().send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'zed', ConfirmationCode: code }));
        expect(await status(poolId, 'zed')).toBe('CONFIRMED');
      });

      it('CustomSMSSender_AdminCreateUser gets the temporary password; CustomEmailSender_ForgotPassword a reset code', async () => {
        const { poolId, clientId } = await setup(SENDERS);
        await cognito().send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'ada',
            TemporaryPassword: 'Temp-Passw0rd!',
            UserAttributes: [{ Name: 'phone_number', Value: '+12065550111' }],
          }),
        );
        const [sms] = eventsOf(poolId);
        expect(CustomSMSSenderTriggerSchema.safeParse({ ...sms, triggerSource: 'CustomSMSSender_SignUp' }).success).toBe(true);
        expect(sms).toMatchObject({ triggerSource: 'CustomSMSSender_AdminCreateUser', request: { type: 'customSMSSenderRequestV1' } });
        expect(decryptCustomSenderCode(sms!.request.code as string, await keyOf(poolId))).toBe('Temp-Passw0rd!');

        await confirmedUser(poolId, 'bea');
        await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'bea' }));
        const email = eventsOf(poolId).at(-1)!;
        expect(email.triggerSource).toBe('CustomEmailSender_ForgotPassword');
        const code = decryptCustomSenderCode(email.request.code as string, await keyOf(poolId));
        await cognito().send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'bea', ConfirmationCode: code, Password: 'N3w-Passw0rd!' }));
        expect(await messages(poolId)).toEqual([]);
      });

      it('CustomSMSSender_Authentication for an SMS MFA code', async () => {
        const { poolId, clientId } = await setup(SENDERS, { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } });
        await confirmedUser(poolId, 'cy', [{ Name: 'phone_number', Value: '+12065550124' }, { Name: 'phone_number_verified', Value: 'true' }]);
        expect((await signIn(poolId, clientId, 'cy')).ChallengeName).toBe('SMS_MFA');
        expect(eventsOf(poolId).map((e) => e.triggerSource)).toEqual(['CustomSMSSender_Authentication']);
        expect(decryptCustomSenderCode(eventsOf(poolId)[0]!.request.code as string, await keyOf(poolId))).toMatch(/^[0-9]{6}$/);
      });

      it('a failing sender does not undo the operation: the message is just not delivered', async () => {
        const { poolId, clientId } = await setup(SENDERS);
        behave('email-sender', fail('SES is down'));
        await expect(signUp(clientId, 'dee')).resolves.toMatchObject({ UserConfirmed: false });
        expect(await status(poolId, 'dee')).toBe('UNCONFIRMED');
        expect(await messages(poolId)).toEqual([]);
      });

      it('the key endpoint refuses a pool without a KMSKeyID', async () => {
        const { poolId } = await setup({});
        const res = await fetch(`${server().url}/_cognate/custom-sender-key?pool=${poolId}`);
        expect(res.status).toBe(400);
      });
    });

    describe('the hosted sign-up page', () => {
      const hostedSignUp = async (LambdaConfig: LambdaConfigType, username: string, email = `${username}@example.com`) => {
        const fx = await createUiFixture(server(), {
          AutoVerifiedAttributes: ['email'],
          Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
          LambdaConfig,
        });
        const browser = new FormBrowser();
        const page = await browser.get(`${fx.base}/signup?${new URLSearchParams(fx.authorizeParams())}`);
        const next = await browser.submit(page, 'cognitoSignUpForm', { username, 'requiredAttributes[email]': email, password: PASSWORD });
        return { fx, next };
      };

      it('runs PreSignUp_SignUp: auto-confirmed users skip the code page', async () => {
        const { fx, next } = await hostedSignUp({ PreSignUp: arn('pre-signup-auto-confirm') }, 'walt');
        expect(next.status).toBe(303);
        expect(next.location).not.toContain('/confirm?');
        expect(await status(fx.poolId, 'walt')).toBe('CONFIRMED');
        expect(await messages(fx.poolId)).toEqual([]);
      });

      it('shows a PreSignUp failure on the page and creates nobody', async () => {
        behave('pre-signup', fail('Invitation only'));
        const { fx, next } = await hostedSignUp({ PreSignUp: arn('pre-signup') }, 'xena');
        expect(errorsOf(next.body)).toEqual(['PreSignUp failed with error Invitation only.']);
        await expect(status(fx.poolId, 'xena')).rejects.toMatchObject({ name: 'UserNotFoundException' });
        expect(await messages(fx.poolId)).toEqual([]);
      });

      it('runs CustomMessage_SignUp for the confirmation code', async () => {
        behave('custom-message', custom('hosted {####}'));
        const { fx, next } = await hostedSignUp({ CustomMessage: arn('custom-message') }, 'yuri');
        expect(next.location).toContain('/confirm?');
        expect(eventsOf(fx.poolId, 'CustomMessage_SignUp')).toHaveLength(1);
        const [message] = await messages(fx.poolId, 'yuri');
        expect(message!.body).toBe(`E-mail hosted ${message!.code}`);
      });
    });
  },
  { functions },
);
