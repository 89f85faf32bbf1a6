import {
  AddCustomAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeRiskConfigurationCommand,
  GetCSVHeaderCommand,
  GetLogDeliveryConfigurationCommand,
  SetLogDeliveryConfigurationCommand,
  type SetRiskConfigurationCommandInput,
  SetRiskConfigurationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const STANDARD_COLUMNS = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'email',
  'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at',
];

const FULL_RISK: Omit<SetRiskConfigurationCommandInput, 'UserPoolId'> = {
  CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN', 'SIGN_UP'], Actions: { EventAction: 'BLOCK' } },
  AccountTakeoverRiskConfiguration: {
    NotifyConfiguration: {
      From: 'security@example.com',
      ReplyTo: 'help@example.com',
      SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      BlockEmail: { Subject: 'Blocked', HtmlBody: '<p>We blocked a sign-in.</p>', TextBody: 'We blocked a sign-in.' },
      NoActionEmail: { Subject: 'Sign-in', TextBody: 'A new sign-in.' },
      MfaEmail: { Subject: 'MFA', HtmlBody: '<p>Second factor asked.</p>' },
    },
    Actions: {
      LowAction: { Notify: false, EventAction: 'NO_ACTION' },
      MediumAction: { Notify: true, EventAction: 'MFA_IF_CONFIGURED' },
      HighAction: { Notify: true, EventAction: 'BLOCK' },
    },
  },
  RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'], SkippedIPRangeList: ['10.0.0.0/8', '2001:db8::/32'] },
};

forEachEngine('pool configuration operations', (server) => {
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
  const newPool = async (name: string, extra: Record<string, unknown> = {}) =>
    (await server().cognito.send(new CreateUserPoolCommand({ PoolName: name, ...extra }))).UserPool!.Id!;
  const newClient = async (poolId: string) =>
    (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;

  describe('GetCSVHeader', () => {
    it('lists the standard columns in Cognito’s order, then the custom attributes, then cognito:mfa_enabled and cognito:username', async () => {
      const plain = await newPool('csv-plain');
      expect(await server().cognito.send(new GetCSVHeaderCommand({ UserPoolId: plain }))).toMatchObject({
        UserPoolId: plain,
        CSVHeader: [...STANDARD_COLUMNS, 'cognito:mfa_enabled', 'cognito:username'],
      });

      const custom = await newPool('csv-custom', { Schema: [{ Name: 'joinedOn', AttributeDataType: 'String', Mutable: true }] });
      await server().cognito.send(new AddCustomAttributesCommand({ UserPoolId: custom, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'Number' }] }));
      const { CSVHeader } = await server().cognito.send(new GetCSVHeaderCommand({ UserPoolId: custom }));
      expect(CSVHeader).toEqual([...STANDARD_COLUMNS, 'custom:joinedOn', 'custom:tier', 'cognito:mfa_enabled', 'cognito:username']);
    });

    it('answers ResourceNotFoundException for an unknown pool', async () => {
      await expect(send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_Nope12345' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User pool us-east-1_Nope12345 does not exist.',
      });
    });
  });

  describe('risk configuration', () => {
    it('describes a pool that never set one with its id only', async () => {
      const pool = await newPool('risk-empty');
      const { RiskConfiguration } = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }));
      expect(RiskConfiguration).toEqual({ UserPoolId: pool });
    });

    it('stores every member of the pool’s configuration and describes it back', async () => {
      const pool = await newPool('risk-pool');
      const { RiskConfiguration } = await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ...FULL_RISK }));
      expect(RiskConfiguration).toMatchObject({ UserPoolId: pool, ...FULL_RISK });
      expect(RiskConfiguration).not.toHaveProperty('ClientId');
      expect(RiskConfiguration!.LastModifiedDate).toBeInstanceOf(Date);
      const described = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }));
      expect(described.RiskConfiguration).toEqual(RiskConfiguration);
    });

    it('lets a client inherit the pool’s configuration, override it, and go back to inheriting', async () => {
      const pool = await newPool('risk-client');
      const clientId = await newClient(pool);
      await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ...FULL_RISK }));
      const inherited = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(inherited.RiskConfiguration).toMatchObject({ UserPoolId: pool, ClientId: clientId, ...FULL_RISK });

      const own = { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'NO_ACTION' as const } } };
      const set = await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ClientId: clientId, ...own }));
      expect(set.RiskConfiguration).toMatchObject({ UserPoolId: pool, ClientId: clientId, ...own });
      expect(set.RiskConfiguration).not.toHaveProperty('AccountTakeoverRiskConfiguration');
      const described = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(described.RiskConfiguration).toEqual(set.RiskConfiguration);
      // The pool's own configuration is untouched by the client's.
      const poolLevel = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }));
      expect(poolLevel.RiskConfiguration).toMatchObject(FULL_RISK);

      const reset = await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(reset.RiskConfiguration).toMatchObject({ ClientId: clientId, ...FULL_RISK });
    });

    it('resets the pool to the defaults when only UserPoolId is sent', async () => {
      const pool = await newPool('risk-reset');
      await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ...FULL_RISK }));
      const { RiskConfiguration } = await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool }));
      expect(Object.keys(RiskConfiguration!).sort()).toEqual(['LastModifiedDate', 'UserPoolId']);
      const described = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }));
      expect(described.RiskConfiguration).not.toHaveProperty('CompromisedCredentialsRiskConfiguration');
    });

    it('goes with its client and its pool', async () => {
      const pool = await newPool('risk-cascade');
      const clientId = await newClient(pool);
      await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ...FULL_RISK }));
      await server().cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ClientId: clientId, ...FULL_RISK }));
      const count = async () =>
        (await sql<{ n: number }>`select count(*) as n from risk_configurations where pool_id = ${pool}`.execute(server().services.store.db)).rows[0]!.n;
      await server().cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId }));
      expect(Number(await count())).toBe(1);
      await server().cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
      expect(Number(await count())).toBe(0);
    });

    it('refuses an unknown pool or client, a malformed IP range and a value outside the model’s enums', async () => {
      const pool = await newPool('risk-errors');
      await expect(send(new DescribeRiskConfigurationCommand({ UserPoolId: 'us-east-1_Nope12345' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(send(new SetRiskConfigurationCommand({ UserPoolId: pool, ClientId: 'nosuchclient00000000000000', ...FULL_RISK }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User pool client nosuchclient00000000000000 does not exist.',
      });
      for (const range of ['192.0.2.0', '192.0.2.0/33', 'example.com/24', '2001:db8::/129']) {
        await expect(
          send(new SetRiskConfigurationCommand({ UserPoolId: pool, RiskExceptionConfiguration: { BlockedIPRangeList: [range] } })),
        ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      }
      await expect(
        send(new SetRiskConfigurationCommand({ UserPoolId: pool, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'ALLOW' as never } } })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value 'ALLOW' at 'compromisedCredentialsRiskConfiguration.actions.eventAction' failed to satisfy constraint: Member must satisfy enum value set: [BLOCK, NO_ACTION]",
      });
      await expect(
        send(new SetRiskConfigurationCommand({ UserPoolId: pool, AccountTakeoverRiskConfiguration: { NotifyConfiguration: { SourceArn: 'arn:x' }, Actions: {} } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      // Nothing was stored by the refused requests.
      const { RiskConfiguration } = await server().cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }));
      expect(RiskConfiguration).toEqual({ UserPoolId: pool });
    });
  });

  describe('log delivery configuration', () => {
    const notification = {
      LogLevel: 'ERROR' as const,
      EventSource: 'userNotification' as const,
      CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/cognito/notifications' },
    };
    const authEvents = {
      LogLevel: 'INFO' as const,
      EventSource: 'userAuthEvents' as const,
      S3Configuration: { BucketArn: 'arn:aws:s3:::cognito-auth-events' },
    };

    it('has no log configurations until some are set, then returns them', async () => {
      const pool = await newPool('logs');
      const before = await server().cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool }));
      expect(before.LogDeliveryConfiguration).toEqual({ UserPoolId: pool, LogConfigurations: [] });

      const set = await server().cognito.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool, LogConfigurations: [notification, authEvents] }));
      expect(set.LogDeliveryConfiguration).toEqual({ UserPoolId: pool, LogConfigurations: [notification, authEvents] });
      const got = await server().cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool }));
      expect(got.LogDeliveryConfiguration).toEqual(set.LogDeliveryConfiguration);

      const firehose = { LogLevel: 'INFO' as const, EventSource: 'userAuthEvents' as const, FirehoseConfiguration: { StreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/auth' } };
      await server().cognito.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool, LogConfigurations: [firehose] }));
      const replaced = await server().cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool }));
      expect(replaced.LogDeliveryConfiguration!.LogConfigurations).toEqual([firehose]);
    });

    it('refuses configurations that break the documented rules of each event source', async () => {
      const pool = await newPool('logs-errors');
      const refused = [
        [{ ...notification, LogLevel: 'INFO' as const }],
        [{ LogLevel: 'ERROR' as const, EventSource: 'userNotification' as const, S3Configuration: authEvents.S3Configuration }],
        [{ ...authEvents, LogLevel: 'ERROR' as const }],
        [{ ...authEvents, CloudWatchLogsConfiguration: notification.CloudWatchLogsConfiguration }],
        [{ LogLevel: 'INFO' as const, EventSource: 'userAuthEvents' as const }],
        [authEvents, { ...authEvents, S3Configuration: { BucketArn: 'arn:aws:s3:::other' } }],
      ];
      for (const LogConfigurations of refused) {
        await expect(send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool, LogConfigurations }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
      }
      await expect(send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool, LogConfigurations: [notification, authEvents, authEvents] }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining("at 'logConfigurations' failed to satisfy constraint: Member must have length less than or equal to 2"),
      });
      await expect(send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool } as never))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'logConfigurations' failed to satisfy constraint: Member must not be null",
      });
      await expect(send(new GetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_Nope12345' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const got = await server().cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool }));
      expect(got.LogDeliveryConfiguration!.LogConfigurations).toEqual([]);
    });
  });
});
