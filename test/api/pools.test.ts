import {
  AddCustomAttributesCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListTagsForResourceCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolCommandInput, SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const MISSING = 'us-east-1_missing01';

forEachEngine('user pools', (server) => {
  const send = <T>(command: { input: unknown } & T) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    server().cognito.send(command as any) as Promise<any>;
  const create = async (input: Partial<CreateUserPoolCommandInput> = {}) =>
    (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'pool', ...input }))).UserPool!;
  const describePool = async (id: string) =>
    (await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
  const attribute = (schema: SchemaAttributeType[] | undefined, name: string) => schema?.find((a) => a.Name === name);

  describe('CreateUserPool and DescribeUserPool', () => {
    it('fills in Cognito defaults for everything the request leaves out', async () => {
      const created = await create({ PoolName: 'defaults' });
      const pool = await describePool(created.Id!);
      expect(pool.Id).toMatch(/^us-east-1_[0-9a-zA-Z]{9}$/);
      expect(pool.Name).toBe('defaults');
      expect(pool.Arn).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool.Id}`);
      expect(pool.Policies).toEqual({
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
        SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
      });
      expect(pool.DeletionProtection).toBe('INACTIVE');
      expect(pool.LambdaConfig).toEqual({});
      expect(pool.MfaConfiguration).toBe('OFF');
      expect(pool.VerificationMessageTemplate).toEqual({ DefaultEmailOption: 'CONFIRM_WITH_CODE' });
      expect(pool.EmailConfiguration).toEqual({ EmailSendingAccount: 'COGNITO_DEFAULT' });
      expect(pool.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 });
      expect(pool.UserPoolTier).toBe('ESSENTIALS');
      expect(pool.EstimatedNumberOfUsers).toBe(0);
      expect(pool.CreationDate).toBeInstanceOf(Date);
      expect(pool.LastModifiedDate).toEqual(pool.CreationDate);
      expect(pool).not.toHaveProperty('MfaFactors');
      expect(created).toEqual(pool);
    });

    it('lists every standard attribute, with sub required and immutable', async () => {
      const pool = await describePool((await create()).Id!);
      const names = pool.SchemaAttributes!.map((a) => a.Name).sort();
      expect(names).toEqual(
        [
          'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'identities', 'locale',
          'middle_name', 'name', 'nickname', 'phone_number', 'phone_number_verified', 'picture', 'preferred_username',
          'profile', 'sub', 'updated_at', 'website', 'zoneinfo',
        ].sort(),
      );
      expect(attribute(pool.SchemaAttributes, 'sub')).toMatchObject({ Required: true, Mutable: false, AttributeDataType: 'String' });
      expect(attribute(pool.SchemaAttributes, 'email')).toEqual({
        Name: 'email',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
      });
      expect(attribute(pool.SchemaAttributes, 'birthdate')?.StringAttributeConstraints).toEqual({ MinLength: '10', MaxLength: '10' });
      expect(attribute(pool.SchemaAttributes, 'updated_at')).toMatchObject({
        AttributeDataType: 'Number',
        NumberAttributeConstraints: { MinValue: '0' },
      });
      expect(attribute(pool.SchemaAttributes, 'email_verified')?.AttributeDataType).toBe('Boolean');
    });

    it('merges the request schema: standard attributes made required, custom attributes prefixed', async () => {
      const pool = await create({
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
          { Name: 'tier', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '1', MaxLength: '20' } },
          { Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5', MaxValue: '100' } },
          { Name: 'secret', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: true },
        ],
      });
      expect(attribute(pool.SchemaAttributes, 'email')?.Required).toBe(true);
      expect(attribute(pool.SchemaAttributes, 'custom:tier')).toEqual({
        Name: 'custom:tier',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: false,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '20' },
      });
      expect(attribute(pool.SchemaAttributes, 'custom:score')?.NumberAttributeConstraints).toEqual({ MinValue: '-5', MaxValue: '100' });
      expect(attribute(pool.SchemaAttributes, 'dev:custom:secret')).toMatchObject({ DeveloperOnlyAttribute: true, AttributeDataType: 'Boolean' });
    });

    it('keeps every setting it is given', async () => {
      const input: Partial<CreateUserPoolCommandInput> = {
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true, PasswordHistorySize: 3, TemporaryPasswordValidityDays: 3 } },
        DeletionProtection: 'ACTIVE',
        LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre' },
        AutoVerifiedAttributes: ['email'],
        UsernameAttributes: ['email'],
        VerificationMessageTemplate: { EmailMessage: 'Code {####}', EmailSubject: 'Your code', DefaultEmailOption: 'CONFIRM_WITH_CODE' },
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        UserPoolTags: { team: 'identity' },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, InviteMessageTemplate: { EmailSubject: 'Welcome' } },
        UsernameConfiguration: { CaseSensitive: false },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
        UserPoolAddOns: { AdvancedSecurityMode: 'OFF' },
        UserPoolTier: 'PLUS',
      };
      const pool = await describePool((await create(input)).Id!);
      expect(pool).toMatchObject({
        ...input,
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireUppercase: false,
            RequireLowercase: false,
            RequireNumbers: false,
            RequireSymbols: true,
            PasswordHistorySize: 3,
            TemporaryPasswordValidityDays: 3,
          },
        },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 3, InviteMessageTemplate: { EmailSubject: 'Welcome' } },
        // The top-level verification members mirror the template.
        EmailVerificationMessage: 'Code {####}',
        EmailVerificationSubject: 'Your code',
      });
    });

    it('refuses UsernameAttributes together with AliasAttributes', async () => {
      await expect(create({ UsernameAttributes: ['email'], AliasAttributes: ['preferred_username'] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.',
      });
    });

    it('reports password policy values out of range in Cognito words', async () => {
      await expect(
        create({ Policies: { PasswordPolicy: { MinimumLength: 5, TemporaryPasswordValidityDays: 366 } } }),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "2 validation errors detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6; " +
          "Value '366' at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy constraint: Member must have value less than or equal to 365",
      });
      await expect(create({ Policies: { PasswordPolicy: { PasswordHistorySize: 25 } } })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value '25' at 'policies.passwordPolicy.passwordHistorySize' failed to satisfy constraint: Member must have value less than or equal to 24",
      });
    });

    it('reports values outside an enum', async () => {
      await expect(create({ MfaConfiguration: 'SOMETIMES' as 'ON' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
      });
    });

    it('refuses duplicate schema names, required custom attributes and bad constraints', async () => {
      await expect(
        create({ Schema: [{ Name: 'tier', AttributeDataType: 'String' }, { Name: 'tier', AttributeDataType: 'Number' }] }),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'custom:tier: Existing attribute already has name custom:tier.' });
      await expect(create({ Schema: [{ Name: 'tier', AttributeDataType: 'String', Required: true }] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Required custom attributes are not supported currently.',
      });
      await expect(
        create({ Schema: [{ Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '9', MaxLength: '2' } }] }),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'user.custom:tier: Max length cannot be less than min length.' });
      await expect(create({ Schema: [{ Name: 'email', AttributeDataType: 'Number' }] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
      });
    });

    it('refuses more than 50 custom attributes', async () => {
      const tooMany = Array.from({ length: 50 }, (_, i) => ({ Name: `a${i}`, AttributeDataType: 'String' as const }));
      await expect(create({ Schema: [...tooMany, { Name: 'email', Required: true }] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining('length less than or equal to 50'),
      });
      const pool = await create({ Schema: tooMany });
      await expect(
        send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'one_more', AttributeDataType: 'String' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'A user pool can have at most 50 custom attributes.' });
    });

    it('needs an SMS configuration to create a pool with MFA on', async () => {
      await expect(create({ MfaConfiguration: 'ON' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional',
      });
      const pool = await create({
        MfaConfiguration: 'OPTIONAL',
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'x' },
      });
      const mfa = await send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
      expect(mfa.MfaConfiguration).toBe('OPTIONAL');
      expect(mfa.SmsMfaConfiguration).toEqual({ SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'x' } });
    });

    it('refuses the legacy UnusedAccountValidityDays when it disagrees with TemporaryPasswordValidityDays', async () => {
      await expect(
        create({ Policies: { PasswordPolicy: { TemporaryPasswordValidityDays: 3 } }, AdminCreateUserConfig: { UnusedAccountValidityDays: 5 } }),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays',
      });
    });

    it('answers an unknown pool with ResourceNotFoundException', async () => {
      await expect(describePool(MISSING)).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool ${MISSING} does not exist.`,
      });
    });
  });

  describe('UpdateUserPool', () => {
    it('replaces the whole configuration: members left out go back to their defaults', async () => {
      const pool = await create({
        Policies: { PasswordPolicy: { MinimumLength: 20 } },
        DeletionProtection: 'ACTIVE',
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre' },
        EmailVerificationSubject: 'Hello',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      });
      await send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } }));
      const after = await describePool(pool.Id!);
      expect(after.Policies?.PasswordPolicy?.MinimumLength).toBe(8);
      expect(after.Policies?.PasswordPolicy?.RequireUppercase).toBe(true);
      expect(after.DeletionProtection).toBe('INACTIVE');
      expect(after.LambdaConfig).toEqual({});
      expect(after.AutoVerifiedAttributes).toBeUndefined();
      expect(after.EmailVerificationSubject).toBeUndefined();
      expect(after.DeviceConfiguration).toBeUndefined();
      expect(after.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 7 });
      expect(after.Name).toBe('pool');
      expect(after.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(after.CreationDate!.getTime());
    });

    it('keeps what cannot change after creation', async () => {
      const pool = await create({
        UsernameAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        Schema: [{ Name: 'email', Required: true, AttributeDataType: 'String' }, { Name: 'tier', AttributeDataType: 'String' }],
      });
      await send(
        new UpdateUserPoolCommand({ UserPoolId: pool.Id, PoolName: 'renamed', MfaConfiguration: 'OFF', UserPoolTags: { env: 'test' } }),
      );
      const after = await describePool(pool.Id!);
      expect(after.Name).toBe('renamed');
      expect(after.UsernameAttributes).toEqual(['email']);
      expect(after.UsernameConfiguration).toEqual({ CaseSensitive: false });
      expect(after.SchemaAttributes).toEqual(pool.SchemaAttributes);
      expect(after.Arn).toBe(pool.Arn);
      expect(after.CreationDate).toEqual(pool.CreationDate);
      expect(after.UserPoolTags).toEqual({ env: 'test' });
    });

    it('validates like CreateUserPool', async () => {
      const pool = await create();
      await expect(
        send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, Policies: { PasswordPolicy: { MinimumLength: 100 } } })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value '100' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value less than or equal to 99",
      });
      await expect(
        send(
          new UpdateUserPoolCommand({
            UserPoolId: pool.Id,
            UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
      });
      await expect(send(new UpdateUserPoolCommand({ UserPoolId: MISSING }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });

  describe('DeleteUserPool', () => {
    it('refuses while deletion protection is active, then deletes once it is inactive', async () => {
      const pool = await create({ DeletionProtection: 'ACTIVE' });
      await expect(send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
      });
      await describePool(pool.Id!);
      await send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, DeletionProtection: 'INACTIVE' }));
      await send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
      await expect(describePool(pool.Id!)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool ${pool.Id} does not exist.`,
      });
    });

    it('takes everything of the pool with it', async () => {
      const pool = await create();
      const db = server().services.store.db;
      const now = Date.now();
      await db
        .insertInto('users')
        .values({
          pool_id: pool.Id!,
          username: 'alice',
          username_key: 'alice',
          sub: 'c0ffee00-0000-4000-8000-000000000001',
          status: 'CONFIRMED',
          enabled: 1,
          sealed_password: null,
          password_updated_at: null,
          settings_json: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db.insertInto('user_attributes').values({ pool_id: pool.Id!, username_key: 'alice', name: 'email', value: 'a@example.com' }).execute();
      await db
        .insertInto('outbox')
        .values({ pool_id: pool.Id!, username: 'alice', channel: 'EMAIL', destination: 'a@example.com', kind: 'verification', subject: null, body: 'x', code: null, created_at: now })
        .execute();
      expect((await describePool(pool.Id!)).EstimatedNumberOfUsers).toBe(1);

      await send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
      for (const table of ['users', 'user_attributes', 'outbox'] as const) {
        const rows = await db.selectFrom(table).select('pool_id').where('pool_id', '=', pool.Id!).execute();
        expect(rows, table).toEqual([]);
      }
    });
  });

  describe('DeleteUserPool with a domain', () => {
    it('refuses while a domain is attached, as Cognito makes you delete the domain first', async () => {
      const pool = await create();
      await server()
        .services.store.db.insertInto('user_pool_domains')
        .values({ domain: `d-${pool.Id!.slice(10).toLowerCase()}`, pool_id: pool.Id!, kind: 'prefix', config_json: '{}', created_at: Date.now() })
        .execute();
      await expect(send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'User pool cannot be deleted. It has a domain configured that should be deleted first.',
      });
      await server().services.store.db.deleteFrom('user_pool_domains').where('pool_id', '=', pool.Id!).execute();
      await send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
    });
  });

  describe('ListUserPools', () => {
    it('pages through every pool with NextToken', async () => {
      const mine = new Set<string>();
      for (let i = 0; i < 5; i++) mine.add((await create({ PoolName: `paged-${i}`, LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:f' } })).Id!);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
        expect(page.UserPools.length).toBeLessThanOrEqual(2);
        for (const p of page.UserPools) {
          seen.push(p.Id);
          if (mine.has(p.Id)) {
            expect(p.Name).toMatch(/^paged-/);
            expect(p.LambdaConfig).toEqual({ PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
            expect(p.CreationDate).toBeInstanceOf(Date);
            expect(p.LastModifiedDate).toBeInstanceOf(Date);
          }
        }
        token = page.NextToken;
        pages++;
      } while (token);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of mine) expect(seen).toContain(id);
    });

    it('refuses a NextToken it did not hand out', async () => {
      await expect(send(new ListUserPoolsCommand({ MaxResults: 10, NextToken: 'garbage' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });

    it('requires MaxResults between 1 and 60', async () => {
      await expect(send(new ListUserPoolsCommand({} as { MaxResults: number }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
      });
      await expect(send(new ListUserPoolsCommand({ MaxResults: 61 }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
      });
    });
  });

  describe('AddCustomAttributes', () => {
    it('adds custom attributes to the schema and refuses names in use', async () => {
      const pool = await create();
      await send(
        new AddCustomAttributesCommand({
          UserPoolId: pool.Id,
          CustomAttributes: [
            { Name: 'plan', AttributeDataType: 'String', Mutable: true },
            { Name: 'level', AttributeDataType: 'Number', DeveloperOnlyAttribute: true },
          ],
        }),
      );
      const after = await describePool(pool.Id!);
      expect(attribute(after.SchemaAttributes, 'custom:plan')).toMatchObject({ AttributeDataType: 'String', StringAttributeConstraints: {} });
      expect(attribute(after.SchemaAttributes, 'dev:custom:level')).toMatchObject({ DeveloperOnlyAttribute: true });

      await expect(
        send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'custom:plan: Existing attribute already has name custom:plan.' });
      await expect(
        send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'level', AttributeDataType: 'Number' }] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'custom:level: Existing attribute already has name dev:custom:level.' });
      await expect(
        send(new AddCustomAttributesCommand({ UserPoolId: MISSING, CustomAttributes: [{ Name: 'x', AttributeDataType: 'String' }] })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('reports a name longer than 20 characters', async () => {
      const pool = await create();
      await expect(
        send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'a'.repeat(21), AttributeDataType: 'String' }] })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: `1 validation error detected: Value '${'a'.repeat(21)}' at 'customAttributes.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20`,
      });
    });
  });

  describe('SetUserPoolMfaConfig and GetUserPoolMfaConfig', () => {
    it('round-trips the MFA configuration', async () => {
      const pool = await create();
      expect(await send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }))).toMatchObject({
        MfaConfiguration: 'OFF',
        SoftwareTokenMfaConfiguration: { Enabled: false },
      });
      const set = await send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: pool.Id,
          MfaConfiguration: 'OPTIONAL',
          SoftwareTokenMfaConfiguration: { Enabled: true },
          EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
        }),
      );
      const got = await send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
      expect(got).toMatchObject({
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
      });
      expect(got.SmsMfaConfiguration).toBeUndefined();
      const { $metadata: _a, ...setBody } = set;
      const { $metadata: _b, ...gotBody } = got;
      expect(setBody).toEqual(gotBody);
      expect((await describePool(pool.Id!)).MfaConfiguration).toBe('OPTIONAL');

      await send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: pool.Id,
          MfaConfiguration: 'ON',
          SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } },
        }),
      );
      const sms = await send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
      expect(sms).toMatchObject({
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: false },
        SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } },
      });
      expect(sms.EmailMfaConfiguration).toBeUndefined();
      expect(await describePool(pool.Id!)).toMatchObject({ MfaConfiguration: 'ON', SmsAuthenticationMessage: 'Code {####}' });
    });

    it('refuses MFA on with no factor, and factors with MFA off', async () => {
      const pool = await create();
      await expect(send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
      });
      await expect(
        send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true } })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.",
      });
      await expect(send(new GetUserPoolMfaConfigCommand({ UserPoolId: MISSING }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('keeps TOTP through an UpdateUserPool that keeps MFA on, and drops it when MFA is turned off', async () => {
      const pool = await create();
      await send(
        new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }),
      );
      await send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON' }));
      expect(await send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }))).toMatchObject({
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      });
      await send(new UpdateUserPoolCommand({ UserPoolId: pool.Id }));
      expect(await send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }))).toMatchObject({
        MfaConfiguration: 'OFF',
        SoftwareTokenMfaConfiguration: { Enabled: false },
      });
    });
  });

  describe('TagResource, UntagResource and ListTagsForResource', () => {
    it('round-trips tags on a pool, starting from CreateUserPool tags', async () => {
      const pool = await create({ UserPoolTags: { team: 'identity' } });
      const arn = pool.Arn!;
      expect((await send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'identity' });
      await send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'test', team: 'platform' } }));
      expect((await send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ env: 'test', team: 'platform' });
      await send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'absent'] }));
      expect((await send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ env: 'test' });
      expect((await describePool(pool.Id!)).UserPoolTags).toEqual({ env: 'test' });
    });

    it('answers an ARN of no pool with ResourceNotFoundException', async () => {
      const arn = `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${MISSING}`;
      await expect(send(new ListTagsForResourceCommand({ ResourceArn: arn }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool ${MISSING} does not exist.`,
      });
      const pool = await create();
      await expect(
        send(new TagResourceCommand({ ResourceArn: pool.Arn!.replace('000000000000', '111111111111'), Tags: { a: 'b' } })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('refuses more than 50 tags', async () => {
      const pool = await create();
      const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      await expect(send(new TagResourceCommand({ ResourceArn: pool.Arn!, Tags: tags }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'A user pool can have at most 50 tags.',
      });
    });
  });
});

forEachEngine('the user pool quota', (server) => {
  it('refuses a pool beyond the 1,000 an account may have with LimitExceededException', async () => {
    const now = Date.now();
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: `us-east-1_quota${String(i).padStart(4, '0')}`,
      name: `quota-${i}`,
      config_json: '{}',
      created_at: now,
      updated_at: now,
    }));
    await server().services.store.db.insertInto('user_pools').values(rows).execute();
    await expect(server().cognito.send(new CreateUserPoolCommand({ PoolName: 'one-too-many' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
  });
});
