import {
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteTermsCommand,
  DescribeTermsCommand,
  ListTermsCommand,
  UpdateTermsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

forEachEngine('terms', (server) => {
  let poolId: string;
  let clientId: string;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;

  beforeAll(async () => {
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'terms' }))).UserPool!.Id!;
    clientId = (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
  });

  it('creates, describes, lists, updates and deletes terms', async () => {
    const links = { 'cognito:default': 'https://example.com/terms', 'cognito:french': 'https://example.com/fr/conditions' };
    const { Terms } = await server().cognito.send(
      new CreateTermsCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links }),
    );
    expect(Terms).toMatchObject({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: links });
    expect(Terms!.TermsId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Terms!.CreationDate).toBeInstanceOf(Date);
    const id = Terms!.TermsId!;
    expect((await server().cognito.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: id }))).Terms).toEqual(Terms);

    const listed = await server().cognito.send(new ListTermsCommand({ UserPoolId: poolId }));
    expect(listed.Terms).toEqual([{ TermsId: id, TermsName: 'terms-of-use', Enforcement: 'NONE', CreationDate: Terms!.CreationDate, LastModifiedDate: Terms!.LastModifiedDate }]);

    const updated = await server().cognito.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: id, Links: { 'cognito:default': 'https://example.com/v2' } }));
    expect(updated.Terms).toMatchObject({ TermsId: id, TermsName: 'terms-of-use', Links: { 'cognito:default': 'https://example.com/v2' } });

    await server().cognito.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: id }));
    await expect(send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: id }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: id }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('keeps one document of each name per client, and pages the list', async () => {
    const input = { UserPoolId: poolId, ClientId: clientId, TermsSource: 'LINK' as const, Enforcement: 'NONE' as const, Links: { 'cognito:default': 'https://example.com/p' } };
    const privacy = (await server().cognito.send(new CreateTermsCommand({ ...input, TermsName: 'privacy-policy' }))).Terms!;
    await expect(send(new CreateTermsCommand({ ...input, TermsName: 'privacy-policy' }))).rejects.toMatchObject({ name: 'TermsExistsException' });
    const tou = (await server().cognito.send(new CreateTermsCommand({ ...input, TermsName: 'terms-of-use' }))).Terms!;
    await expect(send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: tou.TermsId, TermsName: 'privacy-policy' }))).rejects.toMatchObject({
      name: 'TermsExistsException',
    });
    const first = await server().cognito.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    expect(first.Terms).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const second = await server().cognito.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }));
    expect([first.Terms![0]!.TermsId, second.Terms![0]!.TermsId].sort()).toEqual([privacy.TermsId, tou.TermsId].sort());
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses bad input with Cognito errors and writes nothing', async () => {
    const base = { UserPoolId: poolId, ClientId: clientId, TermsSource: 'LINK' as const, Enforcement: 'NONE' as const };
    const other = (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other' }))).UserPoolClient!.ClientId!;
    await expect(send(new CreateTermsCommand({ ...base, ClientId: other, TermsName: 'cookies', Links: { 'cognito:default': 'https://x' } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(send(new CreateTermsCommand({ ...base, ClientId: other, TermsName: 'terms-of-use', Links: { 'cognito:klingon': 'https://x' } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(send(new CreateTermsCommand({ ...base, ClientId: other, TermsName: 'terms-of-use' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      send(new CreateTermsCommand({ ...base, ClientId: 'nosuchclient0000000000000a', TermsName: 'terms-of-use', Links: { 'cognito:default': 'https://x' } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: 'not-a-uuid' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const all = await server().cognito.send(new ListTermsCommand({ UserPoolId: poolId }));
    expect(all.Terms!.every((t) => t.TermsName !== 'cookies')).toBe(true);
    expect(all.Terms).toHaveLength(2);
  });
});
