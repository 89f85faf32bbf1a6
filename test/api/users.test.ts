import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminCreateUserCommandInput, AttributeType, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { poolNameOf } from '../../src/core/ids.js';
import { verifyUserPassword } from '../../src/core/user/password.js';
import { getUser } from '../../src/core/user/users.js';
import { forEachEngine, json } from '../helpers/server.js';

const MISSING_POOL = 'us-east-1_missing01';
const PASSWORD = 'Passw0rd!';

const attrs = (list: AttributeType[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

forEachEngine('users', (server) => {
  const cognito = () => server().cognito;
  const createPool = async (input: Partial<CreateUserPoolCommandInput> = {}) =>
    (await cognito().send(new CreateUserPoolCommand({ PoolName: 'users', ...input }))).UserPool!.Id!;
  const createUser = async (UserPoolId: string, Username: string, input: Partial<AdminCreateUserCommandInput> = {}) =>
    (await cognito().send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS', ...input }))).User!;
  const getAdminUser = (UserPoolId: string, Username: string) => cognito().send(new AdminGetUserCommand({ UserPoolId, Username }));
  const outbox = async (poolId: string) =>
    (await json(await fetch(`${server().url}/_cognate/outbox?pool=${encodeURIComponent(poolId)}`))).messages as {
      username: string;
      channel: string;
      destination: string;
      kind: string;
      subject: string | null;
      body: string;
      code: string | null;
    }[];
  const passwordWorks = async (poolId: string, username: string, password: string) => {
    const services = server().services;
    return verifyUserPassword(services, await getUser(services, poolId, username), password);
  };

  describe('AdminCreateUser', () => {
    it('creates a user in FORCE_CHANGE_PASSWORD with a sub and the given attributes', async () => {
      const pool = await createPool();
      const user = await createUser(pool, 'alice', {
        UserAttributes: [
          { Name: 'email', Value: 'alice@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Alice' },
        ],
        TemporaryPassword: PASSWORD,
      });
      expect(user.Username).toBe('alice');
      expect(user.Enabled).toBe(true);
      expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      expect(user.UserCreateDate).toBeInstanceOf(Date);
      expect(user.UserLastModifiedDate).toBeInstanceOf(Date);
      const a = attrs(user.Attributes);
      expect(a.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(a).toMatchObject({ email: 'alice@example.com', email_verified: 'true', name: 'Alice' });
      expect(user.Attributes![0]!.Name).toBe('sub');
      expect(await passwordWorks(pool, 'alice', PASSWORD)).toBe(true);
      expect(await passwordWorks(pool, 'alice', 'Wrong0rd!')).toBe(false);
    });

    it('generates a temporary password that satisfies the policy and sends it in the invitation', async () => {
      const pool = await createPool({
        Policies: { PasswordPolicy: { MinimumLength: 20, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true, RequireLowercase: true } },
      });
      await createUser(pool, 'bob', {
        MessageAction: undefined,
        UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
      });
      const [message] = await outbox(pool);
      expect(message).toMatchObject({ kind: 'invitation', channel: 'EMAIL', destination: 'bob@example.com', username: 'bob' });
      expect(message!.subject).toBe('Your temporary password');
      const code = message!.code!;
      expect(code.length).toBeGreaterThanOrEqual(20);
      expect(code).toMatch(/[A-Z]/);
      expect(code).toMatch(/[a-z]/);
      expect(code).toMatch(/[0-9]/);
      expect(message!.body).toBe(`Your username is bob and temporary password is ${code}.`);
      expect(await passwordWorks(pool, 'bob', code)).toBe(true);
    });

    it("uses the pool's invitation template and sends by SMS by default when the user has a phone number", async () => {
      const pool = await createPool({
        AdminCreateUserConfig: {
          InviteMessageTemplate: { EmailMessage: 'Mail {username} {####}', EmailSubject: 'Welcome' },
        },
      });
      await createUser(pool, 'carol', {
        MessageAction: undefined,
        TemporaryPassword: PASSWORD,
        UserAttributes: [
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'email', Value: 'carol@example.com' },
        ],
      });
      expect(await outbox(pool)).toEqual([
        expect.objectContaining({ channel: 'SMS', destination: '+15555550100', body: `Your username is carol and temporary password is ${PASSWORD}.`, code: PASSWORD }),
      ]);
      await createUser(pool, 'dave', {
        MessageAction: undefined,
        TemporaryPassword: PASSWORD,
        DesiredDeliveryMediums: ['EMAIL', 'SMS'],
        UserAttributes: [
          { Name: 'phone_number', Value: '+15555550101' },
          { Name: 'email', Value: 'dave@example.com' },
        ],
      });
      const dave = (await outbox(pool)).filter((m) => m.username === 'dave');
      expect(dave.map((m) => m.channel).sort()).toEqual(['EMAIL', 'SMS']);
      expect(dave.find((m) => m.channel === 'EMAIL')).toMatchObject({ subject: 'Welcome', body: `Mail dave ${PASSWORD}` });
    });

    it('sends nothing with MessageAction SUPPRESS', async () => {
      const pool = await createPool();
      await createUser(pool, 'quiet', { UserAttributes: [{ Name: 'email', Value: 'q@example.com' }] });
      expect(await outbox(pool)).toEqual([]);
    });

    it('resends the invitation with a new temporary password with MessageAction RESEND', async () => {
      const pool = await createPool();
      await createUser(pool, 'erin', { TemporaryPassword: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }] });
      const resent = await cognito().send(
        new AdminCreateUserCommand({ UserPoolId: pool, Username: 'erin', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }),
      );
      expect(resent.User!.Username).toBe('erin');
      const [message] = await outbox(pool);
      expect(message).toMatchObject({ kind: 'invitation', destination: 'erin@example.com' });
      expect(await passwordWorks(pool, 'erin', message!.code!)).toBe(true);
      expect(await passwordWorks(pool, 'erin', PASSWORD)).toBe(false);
    });

    it('refuses RESEND for a user who already set a password, or who does not exist', async () => {
      const pool = await createPool();
      await createUser(pool, 'frank', { TemporaryPassword: PASSWORD });
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'frank', Password: PASSWORD, Permanent: true }));
      await expect(
        cognito().send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'frank', MessageAction: 'RESEND' })),
      ).rejects.toMatchObject({ name: 'UnsupportedUserStateException' });
      await expect(
        cognito().send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'nobody', MessageAction: 'RESEND' })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    });

    it('refuses a username that exists', async () => {
      const pool = await createPool();
      await createUser(pool, 'gina');
      await expect(createUser(pool, 'gina')).rejects.toMatchObject({
        name: 'UsernameExistsException',
        message: 'User account already exists',
      });
    });

    it('lets exactly one of 20 concurrent creations of the same username succeed', async () => {
      const pool = await createPool();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => createUser(pool, 'racer', { TemporaryPassword: PASSWORD })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ name: 'UsernameExistsException', message: 'User account already exists' });
      }
      const listed = await cognito().send(new ListUsersCommand({ UserPoolId: pool }));
      expect(listed.Users).toHaveLength(1);
    });

    it('treats usernames case-insensitively only when the pool says so', async () => {
      const insensitive = await createPool({ UsernameConfiguration: { CaseSensitive: false } });
      await createUser(insensitive, 'Henry');
      await expect(createUser(insensitive, 'HENRY')).rejects.toMatchObject({ name: 'UsernameExistsException' });
      expect((await getAdminUser(insensitive, 'henry')).Username).toBe('Henry');

      const sensitive = await createPool();
      await createUser(sensitive, 'Henry');
      await createUser(sensitive, 'henry');
      await expect(getAdminUser(sensitive, 'HENRY')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('checks a given temporary password against the policy', async () => {
      const pool = await createPool();
      const cases: [string, string][] = [
        ['Sh0rt!', 'Password not long enough'],
        ['lowercase1!', 'Password must have uppercase characters'],
        ['UPPERCASE1!', 'Password must have lowercase characters'],
        ['NoNumbers!!', 'Password must have numeric characters'],
        ['NoSymbols11', 'Password must have symbol characters'],
      ];
      for (const [password, problem] of cases) {
        await expect(createUser(pool, 'ivan', { TemporaryPassword: password })).rejects.toMatchObject({
          name: 'InvalidPasswordException',
          message: `Password did not conform with policy: ${problem}`,
        });
      }
      await expect(getAdminUser(pool, 'ivan')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('validates attributes against the schema', async () => {
      const pool = await createPool({
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
          { Name: 'tier', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '1', MaxLength: '5' } },
          { Name: 'age', AttributeDataType: 'Number', Mutable: true, NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } },
          { Name: 'flag', AttributeDataType: 'Boolean', Mutable: true },
        ],
      });
      const email = { Name: 'email', Value: 'j@example.com' };
      const reject = (UserAttributes: AttributeType[]) => expect(createUser(pool, 'judy', { UserAttributes })).rejects;
      await reject([email, { Name: 'custom:nope', Value: 'x' }]).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.\n',
      });
      await reject([{ Name: 'name', Value: 'Judy' }]).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: email: The attribute is required.\n',
      });
      await reject([email, { Name: 'custom:tier', Value: 'platinum' }]).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: custom:tier: String must be no longer than 5 characters.\n',
      });
      await reject([email, { Name: 'custom:age', Value: 'old' }]).toMatchObject({ name: 'InvalidParameterException' });
      await reject([email, { Name: 'custom:age', Value: '200' }]).toMatchObject({ name: 'InvalidParameterException' });
      await reject([email, { Name: 'custom:flag', Value: 'maybe' }]).toMatchObject({ name: 'InvalidParameterException' });
      await reject([email, { Name: 'sub', Value: '00000000-0000-4000-8000-000000000000' }]).toMatchObject({
        name: 'InvalidParameterException',
      });
      await reject([{ Name: 'email', Value: 'not-an-email' }]).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid email address format.',
      });
      await reject([email, { Name: 'phone_number', Value: '555-0100' }]).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid phone number format.',
      });
      const user = await createUser(pool, 'judy', {
        UserAttributes: [email, { Name: 'custom:tier', Value: 'gold' }, { Name: 'custom:age', Value: '42' }, { Name: 'custom:flag', Value: 'TRUE' }],
      });
      expect(attrs(user.Attributes)).toMatchObject({ 'custom:tier': 'gold', 'custom:age': '42', 'custom:flag': 'true' });
    });

    it('lets admins write developer-only attributes', async () => {
      const pool = await createPool({ Schema: [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true, Mutable: true }] });
      const user = await createUser(pool, 'kim', { UserAttributes: [{ Name: 'dev:custom:secret', Value: 's3' }] });
      expect(attrs(user.Attributes)['dev:custom:secret']).toBe('s3');
    });

    it('validates input members like Cognito', async () => {
      const pool = await createPool();
      await expect(
        cognito().send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'x', MessageAction: 'LOUD' as 'RESEND' })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value 'LOUD' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
      });
      await expect(
        cognito().send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'x', UserAttributes: [{ Name: undefined, Value: 'v' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('answers ResourceNotFoundException for an unknown pool', async () => {
      await expect(createUser(MISSING_POOL, 'x')).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool ${MISSING_POOL} does not exist.`,
      });
    });
  });

  describe('email and phone as username', () => {
    it('stores a UUID username equal to sub and the email as an attribute', async () => {
      const pool = await createPool({ UsernameAttributes: ['email'] });
      const user = await createUser(pool, 'lena@example.com');
      const a = attrs(user.Attributes);
      expect(user.Username).toBe(a.sub);
      expect(a.email).toBe('lena@example.com');
      expect((await getAdminUser(pool, 'lena@example.com')).Username).toBe(user.Username);
      expect((await getAdminUser(pool, user.Username!)).Username).toBe(user.Username);
    });

    it('refuses a username that is not an email or phone number', async () => {
      const emailPool = await createPool({ UsernameAttributes: ['email'] });
      await expect(createUser(emailPool, 'plain')).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username should be an email.',
      });
      const both = await createPool({ UsernameAttributes: ['email', 'phone_number'] });
      await expect(createUser(both, 'plain')).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username should be either an email or a phone number.',
      });
      const phone = await createUser(both, '+15555550199');
      expect(attrs(phone.Attributes).phone_number).toBe('+15555550199');
    });

    it('keeps the email unique, also under concurrency', async () => {
      const pool = await createPool({ UsernameAttributes: ['email'] });
      await createUser(pool, 'mia@example.com');
      await expect(createUser(pool, 'mia@example.com')).rejects.toMatchObject({
        name: 'UsernameExistsException',
        message: 'An account with the given email already exists.',
      });
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => createUser(pool, 'race@example.com')));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ name: 'UsernameExistsException', message: 'An account with the given email already exists.' });
      }
    });
  });

  describe('alias attributes', () => {
    const verifiedEmail = (email: string) => [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ];

    it('refuses an email-shaped username and finds users by their verified email', async () => {
      const pool = await createPool({ AliasAttributes: ['email'] });
      await expect(createUser(pool, 'nick@example.com')).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Username cannot be of email format, since user pool is configured for email alias.',
      });
      await createUser(pool, 'nick', { UserAttributes: verifiedEmail('nick@example.com') });
      expect((await getAdminUser(pool, 'nick@example.com')).Username).toBe('nick');
      await createUser(pool, 'olga', { UserAttributes: [{ Name: 'email', Value: 'olga@example.com' }] });
      await expect(getAdminUser(pool, 'olga@example.com')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('refuses a taken alias unless ForceAliasCreation moves it', async () => {
      const pool = await createPool({ AliasAttributes: ['email'] });
      await createUser(pool, 'pat', { UserAttributes: verifiedEmail('shared@example.com') });
      await expect(createUser(pool, 'quinn', { UserAttributes: verifiedEmail('shared@example.com') })).rejects.toMatchObject({
        name: 'AliasExistsException',
        message: 'An account with the given email already exists.',
      });
      await createUser(pool, 'quinn', { UserAttributes: verifiedEmail('shared@example.com'), ForceAliasCreation: true });
      expect((await getAdminUser(pool, 'shared@example.com')).Username).toBe('quinn');
      expect(attrs((await getAdminUser(pool, 'pat')).UserAttributes).email_verified).toBe('false');
    });

    it('refuses AdminUpdateUserAttributes that verify a taken alias', async () => {
      const pool = await createPool({ AliasAttributes: ['email', 'preferred_username'] });
      await createUser(pool, 'rita', { UserAttributes: [...verifiedEmail('rita@example.com'), { Name: 'preferred_username', Value: 'rr' }] });
      await createUser(pool, 'sam');
      await expect(
        cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'sam', UserAttributes: verifiedEmail('rita@example.com') })),
      ).rejects.toMatchObject({ name: 'AliasExistsException', message: 'An account with the given email already exists.' });
      await expect(
        cognito().send(
          new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'sam', UserAttributes: [{ Name: 'preferred_username', Value: 'rr' }] }),
        ),
      ).rejects.toMatchObject({ name: 'AliasExistsException' });
      // Unverified, the same email is just an attribute.
      await cognito().send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'sam', UserAttributes: [{ Name: 'email', Value: 'rita@example.com' }] }),
      );
      expect((await getAdminUser(pool, 'rita@example.com')).Username).toBe('rita');
      expect((await getAdminUser(pool, 'rr')).Username).toBe('rita');
    });
  });

  describe('AdminGetUser', () => {
    it('returns the user with its MFA settings', async () => {
      const pool = await createPool();
      await createUser(pool, 'tom', { UserAttributes: [{ Name: 'email', Value: 'tom@example.com' }] });
      const user = await getAdminUser(pool, 'tom');
      expect(user).toMatchObject({ Username: 'tom', Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
      expect(attrs(user.UserAttributes)).toMatchObject({ email: 'tom@example.com' });
      expect(user.UserCreateDate).toBeInstanceOf(Date);
      expect(user.UserMFASettingList).toBeUndefined();
      expect(user.PreferredMfaSetting).toBeUndefined();
    });

    it('answers UserNotFoundException and ResourceNotFoundException', async () => {
      const pool = await createPool();
      await expect(getAdminUser(pool, 'ghost')).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
      await expect(getAdminUser(MISSING_POOL, 'ghost')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });

  describe('AdminDeleteUser', () => {
    it('removes the user and everything of it, freeing the username and the alias', async () => {
      const pool = await createPool({ UsernameAttributes: ['email'] });
      const user = await createUser(pool, 'uma@example.com');
      await cognito().send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: 'uma@example.com' }));
      await expect(getAdminUser(pool, user.Username!)).rejects.toMatchObject({ name: 'UserNotFoundException' });
      const db = server().services.store.db;
      for (const table of ['users', 'user_attributes', 'user_aliases'] as const) {
        const rows = await db.selectFrom(table).selectAll().where('pool_id', '=', pool).execute();
        expect(rows, table).toEqual([]);
      }
      await createUser(pool, 'uma@example.com');
    });

    it('answers UserNotFoundException for an unknown user', async () => {
      const pool = await createPool();
      await expect(cognito().send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: 'ghost' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
        message: 'User does not exist.',
      });
      await expect(cognito().send(new AdminDeleteUserCommand({ UserPoolId: MISSING_POOL, Username: 'ghost' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });
  });

  describe('AdminDisableUser and AdminEnableUser', () => {
    it('flip Enabled', async () => {
      const pool = await createPool();
      await createUser(pool, 'vic');
      await cognito().send(new AdminDisableUserCommand({ UserPoolId: pool, Username: 'vic' }));
      expect((await getAdminUser(pool, 'vic')).Enabled).toBe(false);
      await cognito().send(new AdminEnableUserCommand({ UserPoolId: pool, Username: 'vic' }));
      expect((await getAdminUser(pool, 'vic')).Enabled).toBe(true);
    });

    it('answer UserNotFoundException and ResourceNotFoundException', async () => {
      const pool = await createPool();
      for (const Command of [AdminDisableUserCommand, AdminEnableUserCommand]) {
        await expect(cognito().send(new Command({ UserPoolId: pool, Username: 'ghost' }))).rejects.toMatchObject({
          name: 'UserNotFoundException',
        });
        await expect(cognito().send(new Command({ UserPoolId: MISSING_POOL, Username: 'ghost' }))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
        });
      }
    });
  });

  describe('AdminSetUserPassword', () => {
    it('confirms the user with a permanent password, or makes it temporary', async () => {
      const pool = await createPool();
      await createUser(pool, 'walt');
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'walt', Password: PASSWORD, Permanent: true }));
      expect((await getAdminUser(pool, 'walt')).UserStatus).toBe('CONFIRMED');
      expect(await passwordWorks(pool, 'walt', PASSWORD)).toBe(true);
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'walt', Password: 'Other0ne!' }));
      expect((await getAdminUser(pool, 'walt')).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      expect(await passwordWorks(pool, 'walt', 'Other0ne!')).toBe(true);
      expect(await passwordWorks(pool, 'walt', PASSWORD)).toBe(false);
    });

    it('checks the policy and the user', async () => {
      const pool = await createPool({ Policies: { PasswordPolicy: { MinimumLength: 6 } } });
      await createUser(pool, 'xena');
      await expect(
        cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'xena', Password: 'short' })),
      ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'xena', Password: 'simple', Permanent: true }));
      await expect(
        cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'ghost', Password: PASSWORD })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(
        cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: MISSING_POOL, Username: 'ghost', Password: PASSWORD })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('never stores a password in clear', async () => {
      const pool = await createPool();
      const secret = 'Cl3ar-Text-Canary!';
      await createUser(pool, 'yuri', { TemporaryPassword: secret });
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'yuri', Password: `${secret}2`, Permanent: true }));
      const db = server().services.store.db;
      const rows = [
        ...(await db.selectFrom('users').selectAll().where('pool_id', '=', pool).execute()),
        ...(await db.selectFrom('user_attributes').selectAll().where('pool_id', '=', pool).execute()),
      ];
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
      const sealed = rows[0] as { sealed_password: string };
      expect(sealed.sealed_password).toMatch(/^v1\./);
      const opened = JSON.parse(
        server().services.sealer.openString(sealed.sealed_password as never, `password:${pool}:yuri`),
      ) as { salt: string; verifier: string };
      expect(opened.salt).toMatch(/^[0-9a-f]{32}$/);
      expect(opened.verifier).toMatch(/^[0-9a-f]+$/);
      expect(poolNameOf(pool)).not.toContain('_');
    });
  });

  describe('AdminResetUserPassword', () => {
    it('requires a reset and sends a code to the verified email', async () => {
      const pool = await createPool();
      await createUser(pool, 'zoe', {
        UserAttributes: [
          { Name: 'email', Value: 'zoe@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      });
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'zoe', Password: PASSWORD, Permanent: true }));
      await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: 'zoe', ClientMetadata: { a: 'b' } }));
      expect((await getAdminUser(pool, 'zoe')).UserStatus).toBe('RESET_REQUIRED');
      const [message] = await outbox(pool);
      expect(message).toMatchObject({ kind: 'forgot-password', channel: 'EMAIL', destination: 'zoe@example.com' });
      expect(message!.code).toMatch(/^[0-9]{6}$/);
      expect(message!.body).toContain(message!.code!);
    });

    it('answers UserNotFoundException for an unknown user', async () => {
      const pool = await createPool();
      await expect(cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: 'ghost' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
    });
  });

  describe('AdminConfirmSignUp', () => {
    it('confirms an UNCONFIRMED user and refuses any other status', async () => {
      const pool = await createPool();
      await createUser(pool, 'abe');
      // Sign-up is another operation; the row is put in that state directly.
      await server()
        .services.store.db.updateTable('users')
        .set({ status: 'UNCONFIRMED' })
        .where('pool_id', '=', pool)
        .where('username_key', '=', 'abe')
        .execute();
      await cognito().send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: 'abe' }));
      expect((await getAdminUser(pool, 'abe')).UserStatus).toBe('CONFIRMED');
      await expect(cognito().send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: 'abe' }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User cannot be confirmed. Current status is CONFIRMED',
      });
      await expect(cognito().send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username: 'ghost' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
    });
  });

  describe('AdminUpdateUserAttributes and AdminDeleteUserAttributes', () => {
    it('updates, un-verifies a changed email, and deletes attributes', async () => {
      const pool = await createPool();
      await createUser(pool, 'bea', {
        UserAttributes: [
          { Name: 'email', Value: 'bea@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Bea' },
        ],
      });
      await cognito().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool,
          Username: 'bea',
          UserAttributes: [
            { Name: 'email', Value: 'bea@new.example.com' },
            { Name: 'given_name', Value: 'B' },
          ],
          ClientMetadata: { source: 'test' },
        }),
      );
      let a = attrs((await getAdminUser(pool, 'bea')).UserAttributes);
      expect(a).toMatchObject({ email: 'bea@new.example.com', email_verified: 'false', given_name: 'B', name: 'Bea' });
      await cognito().send(
        new AdminDeleteUserAttributesCommand({ UserPoolId: pool, Username: 'bea', UserAttributeNames: ['name', 'given_name'] }),
      );
      a = attrs((await getAdminUser(pool, 'bea')).UserAttributes);
      expect(a.name).toBeUndefined();
      expect(a.given_name).toBeUndefined();
      expect(a.email).toBe('bea@new.example.com');
    });

    it('refuses unknown, immutable and sub attributes', async () => {
      const pool = await createPool({ Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: false }] });
      await createUser(pool, 'cal', { UserAttributes: [{ Name: 'custom:tenant', Value: 't1' }] });
      const update = (UserAttributes: AttributeType[]) =>
        cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'cal', UserAttributes }));
      await expect(update([{ Name: 'custom:nope', Value: 'x' }])).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.\n',
      });
      await expect(update([{ Name: 'custom:tenant', Value: 't2' }])).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: custom:tenant: Attribute cannot be updated.\n',
      });
      await expect(update([{ Name: 'sub', Value: 'x' }])).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(
        cognito().send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool, Username: 'cal', UserAttributeNames: ['sub'] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      expect(attrs((await getAdminUser(pool, 'cal')).UserAttributes)['custom:tenant']).toBe('t1');
    });

    it('refuses to delete a required attribute', async () => {
      const pool = await createPool({ Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
      await createUser(pool, 'dan', { UserAttributes: [{ Name: 'email', Value: 'dan@example.com' }] });
      await expect(
        cognito().send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool, Username: 'dan', UserAttributeNames: ['email'] })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attributes did not conform to the schema: email: The attribute is required.\n',
      });
    });

    it('answer UserNotFoundException and ResourceNotFoundException', async () => {
      const pool = await createPool();
      const attributes = [{ Name: 'name', Value: 'x' }];
      await expect(
        cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'ghost', UserAttributes: attributes })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(
        cognito().send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool, Username: 'ghost', UserAttributeNames: ['name'] })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(
        cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: MISSING_POOL, Username: 'ghost', UserAttributes: attributes })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(
        cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'ghost' } as never)),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null",
      });
    });
  });
});
