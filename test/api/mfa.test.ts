import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminSetUserSettingsCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  CreateUserPoolCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SetUserSettingsCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, SetUserPoolMfaConfigCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { getClient } from '../../src/core/client/clients.js';
import type { MfaStep } from '../../src/core/mfa/factors.js';
import { answerMfaChallenge, nextMfaStep } from '../../src/core/mfa/factors.js';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { getPool } from '../../src/core/pool/pools.js';
import { ManualClock } from '../../src/core/providers.js';
import { issueTokens } from '../../src/core/token/tokens.js';
import { getUser } from '../../src/core/user/users.js';
import { forEachEngine } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';
const STEP_MS = 30_000;
const SMS = { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } };
const EMAIL = { Message: 'Sign-in code {####}', Subject: 'Your sign-in code' };

// A clock that only moves when a test moves it: TOTP steps never roll over under a test's feet.
const clock = new ManualClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000);

/** What an authenticator app shows for `secret`, `steps` time steps from now. */
const appCode = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: clock.now() + steps * STEP_MS,
  });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

forEachEngine(
  'user MFA',
  (server) => {
    const cognito = () => server().cognito;
    const services = () => server().services;

    /** A pool with the given MFA configuration, a client, and a confirmed user with a password. */
    async function setup(mfa: Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'> | undefined, attributes: AttributeType[] = []) {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'mfa' }))).UserPool!.Id!;
      if (mfa) await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...mfa }));
      const clientId = (
        await cognito().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      const username = 'alice';
      await cognito().send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes }),
      );
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
      return { poolId, clientId, username };
    }

    /** An access token for the user, as a finished sign-in would give. */
    async function accessTokenOf(poolId: string, clientId: string, username: string): Promise<string> {
      const s = services();
      const tokens = await issueTokens(s, {
        pool: await getPool(s, poolId),
        client: await getClient(s, clientId),
        user: await getUser(s, poolId, username),
        authTime: Math.floor(clock.now() / 1000),
        refreshToken: false,
        trigger: { source: 'TokenGeneration_Authentication' },
      });
      return tokens.accessToken;
    }

    const adminGetUser = (UserPoolId: string, Username: string) => cognito().send(new AdminGetUserCommand({ UserPoolId, Username }));

    /** Associates and verifies an authenticator; returns its secret. */
    async function enrolAuthenticator(AccessToken: string, FriendlyDeviceName?: string): Promise<string> {
      const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
      await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(SecretCode!), FriendlyDeviceName }));
      return SecretCode!;
    }

    const TOTP_POOL = { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } } as const;

    describe('AssociateSoftwareToken and VerifySoftwareToken', () => {
      it('hands out a base32 secret whose RFC 6238 codes verify, turning on SOFTWARE_TOKEN_MFA', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        const associated = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        expect(associated.SecretCode).toMatch(/^[A-Z2-7]{32}$/);
        expect(associated.Session).toBeUndefined();
        expect((await adminGetUser(poolId, username)).UserMFASettingList).toBeUndefined();

        const verified = await cognito().send(
          new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(associated.SecretCode!), FriendlyDeviceName: 'phone' }),
        );
        expect(verified).toMatchObject({ Status: 'SUCCESS' });
        expect(verified.Session).toBeUndefined();
        const user = await adminGetUser(poolId, username);
        expect(user.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
        expect(user.PreferredMfaSetting).toBeUndefined();
      });

      it('accepts the code of the previous or next time step too', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        const first = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        await expect(cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(first.SecretCode!, -1) }))).resolves.toMatchObject({
          Status: 'SUCCESS',
        });
        const second = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        await expect(cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(second.SecretCode!, 1) }))).resolves.toMatchObject({
          Status: 'SUCCESS',
        });
      });

      it('refuses a wrong code with EnableSoftwareTokenMFAException and leaves MFA off', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        const { SecretCode } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        await expect(
          cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: wrongCode(appCode(SecretCode!)) })),
        ).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException', message: 'Code mismatch and fail enable Software Token MFA' });
        await expect(
          cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(SecretCode!, 2) })),
        ).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
        expect((await adminGetUser(poolId, username)).UserMFASettingList).toBeUndefined();
      });

      it('keeps the verified authenticator until a newly associated one is verified', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        const oldSecret = await enrolAuthenticator(AccessToken);
        const { SecretCode: newSecret } = await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        const s = services();
        const pool = await getPool(s, poolId);
        clock.advance(STEP_MS);
        await expect(
          answerMfaChallenge(s, pool, await getUser(s, poolId, username), 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: appCode(oldSecret) }, {}),
        ).resolves.toEqual({ done: true });
        await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(newSecret!) }));
        clock.advance(STEP_MS);
        const user = await getUser(s, poolId, username);
        await expect(
          answerMfaChallenge(s, pool, user, 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: appCode(oldSecret) }, {}),
        ).rejects.toMatchObject({ name: 'CodeMismatchException' });
        await expect(
          answerMfaChallenge(s, pool, user, 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: appCode(newSecret!) }, {}),
        ).resolves.toEqual({ done: true });
      });

      it('answers SoftwareTokenMFANotFoundException when the pool does not offer TOTP or nothing was associated', async () => {
        const off = await setup(undefined);
        const offToken = await accessTokenOf(off.poolId, off.clientId, off.username);
        await expect(cognito().send(new AssociateSoftwareTokenCommand({ AccessToken: offToken }))).rejects.toMatchObject({
          name: 'SoftwareTokenMFANotFoundException',
          message: 'Software Token MFA has not been enabled by the userPool.',
        });
        const on = await setup(TOTP_POOL);
        const onToken = await accessTokenOf(on.poolId, on.clientId, on.username);
        await expect(cognito().send(new VerifySoftwareTokenCommand({ AccessToken: onToken, UserCode: '123456' }))).rejects.toMatchObject({
          name: 'SoftwareTokenMFANotFoundException',
          message: 'Software Token MFA does not exist for the user.',
        });
      });

      it('needs a valid access token or session, and a six-digit code', async () => {
        await expect(cognito().send(new AssociateSoftwareTokenCommand({ AccessToken: 'not.a.token' }))).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Invalid Access Token',
        });
        await expect(cognito().send(new AssociateSoftwareTokenCommand({}))).rejects.toMatchObject({ name: 'InvalidParameterException' });
        await expect(cognito().send(new AssociateSoftwareTokenCommand({ Session: 'x'.repeat(40) }))).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Invalid session for the user, session is expired.',
        });
        await expect(cognito().send(new VerifySoftwareTokenCommand({ AccessToken: 'abc', UserCode: '12345' }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: expect.stringContaining("at 'userCode' failed to satisfy constraint: Member must have length greater than or equal to 6"),
        });
        await expect(cognito().send(new VerifySoftwareTokenCommand({ AccessToken: 'abc', UserCode: '12345a' }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: expect.stringContaining("at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+"),
        });
      });
    });

    describe('SetUserMFAPreference and AdminSetUserMFAPreference', () => {
      it('makes a verified authenticator the preferred factor, as AdminGetUser shows', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        await enrolAuthenticator(AccessToken);
        await cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
        expect(await adminGetUser(poolId, username)).toMatchObject({
          UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
          PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
        });
        await cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: false } }));
        const off = await adminGetUser(poolId, username);
        expect(off.UserMFASettingList).toBeUndefined();
        expect(off.PreferredMfaSetting).toBeUndefined();
      });

      it('refuses TOTP before an authenticator is associated, and before it is verified', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        const enable = () => cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true } }));
        await expect(enable()).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA',
        });
        await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }));
        await expect(enable()).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User has not verified software token mfa' });
        await expect(
          cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: username, SoftwareTokenMfaSettings: { Enabled: true } })),
        ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User has not verified software token mfa' });
      });

      it('needs a phone number for SMS and an e-mail address for e-mail codes', async () => {
        const { poolId, username } = await setup(TOTP_POOL);
        const admin = (input: object) => cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: username, ...input }));
        await expect(admin({ SMSMfaSettings: { Enabled: true } })).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'User does not have delivery config set to turn on SMS_MFA',
        });
        await expect(admin({ EmailMfaSettings: { Enabled: true } })).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'User does not have delivery config set to turn on EMAIL_OTP',
        });
        expect((await adminGetUser(poolId, username)).UserMFASettingList).toBeUndefined();
      });

      it('lists several factors, keeps one preferred, and forgets the preference when that factor is turned off', async () => {
        const { poolId, username } = await setup({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: SMS, EmailMfaConfiguration: EMAIL }, [
          { Name: 'phone_number', Value: '+12065551234' },
          { Name: 'email', Value: 'alice@example.com' },
        ]);
        const admin = (input: object) => cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: username, ...input }));
        await admin({ SMSMfaSettings: { Enabled: true, PreferredMfa: false }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
        expect(await adminGetUser(poolId, username)).toMatchObject({
          UserMFASettingList: ['SMS_MFA', 'EMAIL_OTP'],
          PreferredMfaSetting: 'EMAIL_OTP',
          MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
        });
        await admin({ EmailMfaSettings: { Enabled: false } });
        const after = await adminGetUser(poolId, username);
        expect(after.UserMFASettingList).toEqual(['SMS_MFA']);
        expect(after.PreferredMfaSetting).toBeUndefined();
        await expect(
          admin({ SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }),
        ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      });

      it('answers UserNotFoundException and ResourceNotFoundException for unknown users and pools', async () => {
        const { poolId } = await setup(undefined);
        await expect(
          cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'nobody', SMSMfaSettings: { Enabled: false } })),
        ).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
        await expect(
          cognito().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: 'us-east-1_missing01', Username: 'nobody' })),
        ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
        await expect(
          cognito().send(new SetUserMFAPreferenceCommand({ AccessToken: 'not.a.token', SMSMfaSettings: { Enabled: false } })),
        ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
      });
    });

    describe('SetUserSettings and AdminSetUserSettings', () => {
      it('turns SMS MFA on and off through the legacy MFAOptions', async () => {
        const { poolId, clientId, username } = await setup({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: SMS }, [
          { Name: 'phone_number', Value: '+12065551234' },
        ]);
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        await cognito().send(new SetUserSettingsCommand({ AccessToken, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
        expect(await adminGetUser(poolId, username)).toMatchObject({
          MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
          UserMFASettingList: ['SMS_MFA'],
        });
        await cognito().send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: username, MFAOptions: [] }));
        const off = await adminGetUser(poolId, username);
        expect(off.MFAOptions).toBeUndefined();
        expect(off.UserMFASettingList).toBeUndefined();
      });

      it('accepts only SMS to phone_number, and requires MFAOptions', async () => {
        const { poolId, username } = await setup(undefined, [{ Name: 'email', Value: 'alice@example.com' }]);
        await expect(
          cognito().send(
            new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: username, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] }),
          ),
        ).rejects.toMatchObject({ name: 'InvalidParameterException' });
        await expect(
          cognito().send(
            new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: username, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }),
          ),
        ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User does not have delivery config set to turn on SMS_MFA' });
        await expect(
          cognito().send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: username } as never)),
        ).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: expect.stringContaining("Value null at 'mFAOptions' failed to satisfy constraint: Member must not be null"),
        });
      });
    });

    describe('MFA during sign-in (core decisions)', () => {
      const stepOf = async (poolId: string, username: string): Promise<MfaStep> => {
        const s = services();
        return nextMfaStep(s, await getPool(s, poolId), await getUser(s, poolId, username));
      };
      const answer = async (poolId: string, username: string, challenge: Parameters<typeof answerMfaChallenge>[3], responses: Record<string, string>, session = {}) => {
        const s = services();
        return answerMfaChallenge(s, await getPool(s, poolId), await getUser(s, poolId, username), challenge, responses, session);
      };
      const lastCode = async (poolId: string) => (await listOutbox(services(), { poolId })).filter((m) => m.kind === 'mfa').at(-1)!;

      it('asks nothing when the pool has MFA off, even of a user with an authenticator', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        await enrolAuthenticator(await accessTokenOf(poolId, clientId, username));
        await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }));
        expect(await stepOf(poolId, username)).toEqual({ kind: 'none' });
      });

      it('asks nothing in an OPTIONAL pool of a user with no factor, and MFA_SETUP in an ON pool', async () => {
        const optional = await setup(TOTP_POOL);
        expect(await stepOf(optional.poolId, optional.username)).toEqual({ kind: 'none' });
        const on = await setup({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
        expect(await stepOf(on.poolId, on.username)).toEqual({
          kind: 'challenge',
          challengeName: 'MFA_SETUP',
          parameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: 'alice' },
        });
        await expect(answer(on.poolId, on.username, 'MFA_SETUP', {})).rejects.toMatchObject({ name: 'InvalidParameterException' });
        await expect(answer(on.poolId, on.username, 'MFA_SETUP', {}, { mfaSetupVerified: true })).resolves.toEqual({ done: true });
      });

      it('asks for the authenticator code, accepts each code once and refuses wrong ones', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const secret = await enrolAuthenticator(await accessTokenOf(poolId, clientId, username), 'Pixel');
        expect(await stepOf(poolId, username)).toEqual({
          kind: 'challenge',
          challengeName: 'SOFTWARE_TOKEN_MFA',
          parameters: { FRIENDLY_DEVICE_NAME: 'Pixel', USER_ID_FOR_SRP: 'alice' },
        });
        // The code used to verify the authenticator is spent.
        await expect(answer(poolId, username, 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: appCode(secret) })).rejects.toMatchObject({
          name: 'ExpiredCodeException',
          message: 'Your software token has already been used once.',
        });
        clock.advance(STEP_MS);
        await expect(
          answer(poolId, username, 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: wrongCode(appCode(secret)) }),
        ).rejects.toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code received for user' });
        await expect(answer(poolId, username, 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: appCode(secret) })).resolves.toEqual({ done: true });
        await expect(answer(poolId, username, 'SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: appCode(secret) })).rejects.toMatchObject({
          name: 'ExpiredCodeException',
        });
        await expect(answer(poolId, username, 'SOFTWARE_TOKEN_MFA', {})).rejects.toMatchObject({ name: 'InvalidParameterException' });
      });

      it('sends an SMS code to the phone in an ON pool, masked in the challenge, good once and for three minutes', async () => {
        const { poolId, username } = await setup({ MfaConfiguration: 'ON', SmsMfaConfiguration: SMS }, [{ Name: 'phone_number', Value: '+12065551234' }]);
        const step = await stepOf(poolId, username);
        expect(step).toEqual({
          kind: 'challenge',
          challengeName: 'SMS_MFA',
          parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234', USER_ID_FOR_SRP: 'alice' },
        });
        const sms = await lastCode(poolId);
        expect(sms).toMatchObject({ channel: 'SMS', destination: '+12065551234', kind: 'mfa', body: `Your code is ${sms.code}` });
        await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: wrongCode(sms.code!) })).rejects.toMatchObject({
          name: 'CodeMismatchException',
        });
        await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: sms.code! })).resolves.toEqual({ done: true });
        await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: sms.code! })).rejects.toMatchObject({ name: 'ExpiredCodeException' });

        await stepOf(poolId, username);
        const late = await lastCode(poolId);
        clock.advance(3 * 60_000 + 1);
        await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: late.code! })).rejects.toMatchObject({
          name: 'ExpiredCodeException',
          message: 'Invalid code provided, please request a code again.',
        });
      });

      it('throws the code away after five wrong answers', async () => {
        const { poolId, username } = await setup({ MfaConfiguration: 'ON', SmsMfaConfiguration: SMS }, [{ Name: 'phone_number', Value: '+12065551234' }]);
        await stepOf(poolId, username);
        const sms = await lastCode(poolId);
        for (let i = 0; i < 5; i++) {
          await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: wrongCode(sms.code!) })).rejects.toMatchObject({
            name: 'CodeMismatchException',
          });
        }
        await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: sms.code! })).rejects.toMatchObject({ name: 'ExpiredCodeException' });
      });

      it('lets a user with several factors choose, unless one is preferred', async () => {
        const { poolId, clientId, username } = await setup(
          { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, SmsMfaConfiguration: SMS, EmailMfaConfiguration: EMAIL },
          [
            { Name: 'phone_number', Value: '+12065551234' },
            { Name: 'email', Value: 'alice@example.com' },
          ],
        );
        const AccessToken = await accessTokenOf(poolId, clientId, username);
        await enrolAuthenticator(AccessToken);
        await cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, SMSMfaSettings: { Enabled: true } }));
        expect(await stepOf(poolId, username)).toEqual({
          kind: 'challenge',
          challengeName: 'SELECT_MFA_TYPE',
          parameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: 'alice' },
        });
        await expect(answer(poolId, username, 'SELECT_MFA_TYPE', { ANSWER: 'SMS_MFA' })).resolves.toMatchObject({
          next: { kind: 'challenge', challengeName: 'SMS_MFA', parameters: { CODE_DELIVERY_DESTINATION: '+*******1234' } },
        });
        await expect(answer(poolId, username, 'SELECT_MFA_TYPE', { ANSWER: 'EMAIL_OTP' })).rejects.toMatchObject({
          name: 'MFAMethodNotFoundException',
        });

        await cognito().send(new SetUserMFAPreferenceCommand({ AccessToken, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
        expect(await stepOf(poolId, username)).toEqual({
          kind: 'challenge',
          challengeName: 'EMAIL_OTP',
          parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***', USER_ID_FOR_SRP: 'alice' },
        });
        const mail = await lastCode(poolId);
        expect(mail).toMatchObject({ channel: 'EMAIL', destination: 'alice@example.com', subject: 'Your sign-in code', body: `Sign-in code ${mail.code}` });
        // A code sent for e-mail does not answer an SMS challenge.
        await expect(answer(poolId, username, 'SMS_MFA', { SMS_MFA_CODE: mail.code! })).rejects.toMatchObject({ name: 'ExpiredCodeException' });
        await stepOf(poolId, username);
        const again = await lastCode(poolId);
        await expect(answer(poolId, username, 'EMAIL_OTP', { EMAIL_OTP_CODE: again.code! })).resolves.toEqual({ done: true });
      });
    });

    describe('MFA sign-in through the API', () => {
      const signIn = (ClientId: string, USERNAME: string) =>
        cognito().send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }));
      const respond = (ClientId: string, ChallengeName: string, Session: string | undefined, responses: Record<string, string>) =>
        cognito().send(new RespondToAuthChallengeCommand({ ClientId, ChallengeName: ChallengeName as never, Session, ChallengeResponses: responses }));

      it('signs in with password, then the authenticator code, and gets tokens', async () => {
        const { poolId, clientId, username } = await setup(TOTP_POOL);
        const secret = await enrolAuthenticator(await accessTokenOf(poolId, clientId, username));
        const first = await signIn(clientId, username);
        expect(first).toMatchObject({ ChallengeName: 'SOFTWARE_TOKEN_MFA', ChallengeParameters: { USER_ID_FOR_SRP: 'alice' } });
        clock.advance(STEP_MS);
        await expect(
          respond(clientId, 'SOFTWARE_TOKEN_MFA', first.Session, { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: wrongCode(appCode(secret)) }),
        ).rejects.toMatchObject({ name: 'CodeMismatchException', message: 'Invalid code received for user' });
        const done = await respond(clientId, 'SOFTWARE_TOKEN_MFA', first.Session, { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: appCode(secret) });
        expect(done.AuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
        expect(done.AuthenticationResult!.AccessToken).toBeTruthy();
      });

      it('sets up an authenticator during sign-in when the pool requires MFA, with the sign-in Session', async () => {
        const { clientId, username } = await setup({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
        const first = await signIn(clientId, username);
        expect(first).toMatchObject({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
        const associated = await cognito().send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
        expect(associated.Session).toBeTruthy();
        await expect(respond(clientId, 'MFA_SETUP', associated.Session, { USERNAME: username })).rejects.toMatchObject({
          name: 'InvalidParameterException',
        });
        const verified = await cognito().send(
          new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: appCode(associated.SecretCode!) }),
        );
        expect(verified.Status).toBe('SUCCESS');
        const done = await respond(clientId, 'MFA_SETUP', verified.Session, { USERNAME: username });
        expect(done.AuthenticationResult?.AccessToken).toBeTruthy();

        // The next sign-in asks for the new authenticator's code.
        clock.advance(STEP_MS);
        const again = await signIn(clientId, username);
        expect(again.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
        const tokens = await respond(clientId, 'SOFTWARE_TOKEN_MFA', again.Session, {
          USERNAME: username,
          SOFTWARE_TOKEN_MFA_CODE: appCode(associated.SecretCode!),
        });
        expect(tokens.AuthenticationResult?.IdToken).toBeTruthy();
      });

      it('signs in with the SMS code from the outbox', async () => {
        const { poolId, clientId, username } = await setup({ MfaConfiguration: 'ON', SmsMfaConfiguration: SMS }, [
          { Name: 'phone_number', Value: '+12065551234' },
        ]);
        const first = await signIn(clientId, username);
        expect(first).toMatchObject({
          ChallengeName: 'SMS_MFA',
          ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' },
        });
        const sms = (await listOutbox(services(), { poolId })).filter((m) => m.kind === 'mfa').at(-1)!;
        const done = await respond(clientId, 'SMS_MFA', first.Session, { USERNAME: username, SMS_MFA_CODE: sms.code! });
        expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
      });

      it('counts wrong MFA codes toward the lockout, like wrong passwords', async () => {
        const { clientId, username } = await setup({ MfaConfiguration: 'ON', SmsMfaConfiguration: SMS }, [
          { Name: 'phone_number', Value: '+12065550000' },
        ]);
        for (let i = 0; i < 5; i++) {
          const challenge = await signIn(clientId, username);
          await expect(respond(clientId, 'SMS_MFA', challenge.Session, { USERNAME: username, SMS_MFA_CODE: '000000' })).rejects.toMatchObject({
            name: 'CodeMismatchException',
          });
        }
        await expect(signIn(clientId, username)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
      });
    });
  },
  { clock },
);
