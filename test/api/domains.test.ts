import {
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { domainsOfPool, findDomain } from '../../src/core/pool/domains.js';
import { forEachEngine } from '../helpers/server.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const OTHER_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';

forEachEngine('user pool domains', (server) => {
  let poolId: string;
  let n = 0;
  // Prefixes are unique across the whole server, so every test takes its own.
  const unique = (base: string) => `${base}-${server().engine}-${++n}`;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
  const newPool = async (name: string) => (await server().cognito.send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!;
  const describe = async (Domain: string) =>
    (await server().cognito.send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription;

  beforeAll(async () => {
    poolId = await newPool('domains');
  });

  it('creates a prefix domain and describes it', async () => {
    const Domain = unique('walkthrough');
    const created = await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
    expect(created.ManagedLoginVersion).toBe(1);
    expect(created.CloudFrontDomain).toBeUndefined();
    const description = await describe(Domain);
    expect(description).toMatchObject({
      UserPoolId: poolId,
      AWSAccountId: '000000000000',
      Domain,
      Status: 'ACTIVE',
      ManagedLoginVersion: 1,
    });
    expect(description!.S3Bucket).toBeTruthy();
    expect(description!.CloudFrontDistribution).toMatch(/\.cloudfront\.net$/);
    expect(description!.Version).toMatch(/^\d{14}$/);
    expect(description!.CustomDomainConfig).toBeUndefined();
    const { UserPool } = await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Domain).toBe(Domain);
    await server().cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
    const after = await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(after.UserPool?.Domain).toBeUndefined();
  });

  it('describes an unknown domain as an empty description', async () => {
    expect(await describe('no-such-domain-here')).toEqual({});
  });

  it('refuses prefixes outside the allowed pattern, in Cognito words', async () => {
    for (const Domain of ['Upper', '-dash', 'dash-', 'under_score', 'auth.example.com']) {
      await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          'The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$',
      });
    }
    await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'a'.repeat(64) }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('refuses prefixes containing a reserved word', async () => {
    for (const [Domain, word] of [
      ['my-aws-login', 'aws'],
      ['amazonish', 'amazon'],
      ['newcognito', 'cognito'],
    ] as const) {
      await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: `Domain cannot contain reserved word: ${word}`,
      });
    }
  });

  it('gives a domain to one pool only, across all pools', async () => {
    const Domain = unique('shared');
    const other = await newPool('other');
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain }));
    await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Domain already associated with another user pool.',
    });
    // Once released, the name is free for another pool.
    await server().cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain }));
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
    expect((await describe(Domain))!.UserPoolId).toBe(poolId);
    await server().cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
  });

  it('allows one prefix domain and one custom domain per pool', async () => {
    const pool = await newPool('two-domains');
    const prefix = unique('first');
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix }));
    await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: unique('second') }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'User pool already has a domain configured.',
    });
    const custom = `auth-${server().engine}.example.com`;
    const created = await server().cognito.send(
      new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: custom, CustomDomainConfig: { CertificateArn: CERT } }),
    );
    expect(created.CloudFrontDomain).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    await expect(
      send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: `login-${server().engine}.example.com`, CustomDomainConfig: { CertificateArn: CERT } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'User pool already has a domain configured.' });

    expect(await domainsOfPool(server().services, pool)).toEqual({ Domain: prefix, CustomDomain: custom });
    const description = await describe(custom);
    expect(description).toMatchObject({
      UserPoolId: pool,
      Domain: custom,
      CloudFrontDistribution: created.CloudFrontDomain,
      CustomDomainConfig: { CertificateArn: CERT },
      Status: 'ACTIVE',
    });
  });

  it('requires a certificate for a custom domain and a well-formed host name', async () => {
    await expect(
      send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'auth.example.org', CustomDomainConfig: {} as never })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'customDomainConfig.certificateArn' failed to satisfy constraint: Member must not be null",
    });
    await expect(
      send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'not a host', CustomDomainConfig: { CertificateArn: CERT } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers an unknown pool with ResourceNotFoundException', async () => {
    await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: 'us-east-1_nothere00', Domain: unique('orphan') }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('updates the branding version and the certificate, keeping what is left out', async () => {
    const pool = await newPool('updates');
    const custom = `id-${server().engine}.example.net`;
    const created = await server().cognito.send(
      new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: custom, CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2 }),
    );
    expect(created.ManagedLoginVersion).toBe(2);
    const updated = await server().cognito.send(
      new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: custom, CustomDomainConfig: { CertificateArn: OTHER_CERT } }),
    );
    expect(updated).toMatchObject({ ManagedLoginVersion: 2, CloudFrontDomain: created.CloudFrontDomain });
    expect(await describe(custom)).toMatchObject({ ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: OTHER_CERT } });

    const prefix = unique('branding');
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix }));
    const rebranded = await server().cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix, ManagedLoginVersion: 2 }));
    expect(rebranded.ManagedLoginVersion).toBe(2);
    expect((await findDomain(server().services, prefix))?.ManagedLoginVersion).toBe(2);
  });

  it('refuses to update or delete a domain the pool does not have', async () => {
    const Domain = unique('mine');
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
    const other = await newPool('not-mine');
    const expected = { name: 'InvalidParameterException', message: 'No such domain or user pool exists.' };
    await expect(send(new UpdateUserPoolDomainCommand({ UserPoolId: other, Domain, ManagedLoginVersion: 2 }))).rejects.toMatchObject(expected);
    await expect(send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain }))).rejects.toMatchObject(expected);
    await expect(send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('never') }))).rejects.toMatchObject(expected);
    expect((await describe(Domain))!.UserPoolId).toBe(poolId);
    await server().cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
  });

  it('deletes a domain, after which it is unknown', async () => {
    const Domain = unique('short-lived');
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
    expect((await findDomain(server().services, Domain))?.UserPoolId).toBe(poolId);
    await server().cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
    expect(await describe(Domain)).toEqual({});
    expect(await findDomain(server().services, Domain)).toBeUndefined();
    expect(await domainsOfPool(server().services, poolId)).toEqual({});
  });

  it('refuses a branding version other than 1 or 2, and routing on a prefix domain', async () => {
    await expect(send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique('v3'), ManagedLoginVersion: 3 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      send(
        new CreateUserPoolDomainCommand({
          UserPoolId: poolId,
          Domain: unique('routed'),
          Routing: { Failover: { SecondaryRegion: 'us-west-2', PrimaryRoute53HealthCheckId: 'abc' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
