import {
  CreateResourceServerCommand,
  CreateUserPoolCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

forEachEngine('resource servers', (server) => {
  let poolId: string;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
  const newPool = async (name: string) => (await server().cognito.send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!;

  beforeAll(async () => {
    poolId = await newPool('resource-servers');
  });

  it('creates a resource server with its scopes and describes it', async () => {
    const scopes = [
      { ScopeName: 'read', ScopeDescription: 'Read the solar system' },
      { ScopeName: 'write', ScopeDescription: 'Write the solar system' },
    ];
    const { ResourceServer } = await server().cognito.send(
      new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://solar.example.com', Name: 'solar system', Scopes: scopes }),
    );
    expect(ResourceServer).toEqual({ UserPoolId: poolId, Identifier: 'https://solar.example.com', Name: 'solar system', Scopes: scopes });
    const described = await server().cognito.send(
      new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://solar.example.com' }),
    );
    expect(described.ResourceServer).toEqual(ResourceServer);
  });

  it('creates a resource server without scopes', async () => {
    const { ResourceServer } = await server().cognito.send(
      new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'no-scopes', Name: 'bare' }),
    );
    expect(ResourceServer).toEqual({ UserPoolId: poolId, Identifier: 'no-scopes', Name: 'bare', Scopes: [] });
  });

  it('refuses a second resource server with the same identifier', async () => {
    await server().cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'dup', Name: 'one' }));
    await expect(send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'dup', Name: 'two' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('allows the same identifier in another pool', async () => {
    const other = await newPool('other');
    const { ResourceServer } = await server().cognito.send(new CreateResourceServerCommand({ UserPoolId: other, Identifier: 'dup', Name: 'two' }));
    expect(ResourceServer!.UserPoolId).toBe(other);
  });

  it('refuses duplicate scope names in one resource server', async () => {
    const Scopes = [
      { ScopeName: 'read', ScopeDescription: 'a' },
      { ScopeName: 'read', ScopeDescription: 'b' },
    ];
    await expect(send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'twice', Name: 'x', Scopes }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('validates identifiers, names and scopes against the model', async () => {
    await expect(send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'has space', Name: 'x' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'has space' at 'identifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x5B\\x5D-\\x7E]+",
    });
    await expect(
      send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'x', Name: 'x', Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'slash' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("at 'scopes.1.member.scopeName'") });
    await expect(
      send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'x', Name: 'x', Scopes: [{ ScopeName: 'a' } as never] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Member must not be null') });
    const many = Array.from({ length: 101 }, (_, i) => ({ ScopeName: `s${i}`, ScopeDescription: 'd' }));
    await expect(send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'x', Name: 'x', Scopes: many }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('answers an unknown pool or resource server with ResourceNotFoundException', async () => {
    await expect(send(new CreateResourceServerCommand({ UserPoolId: 'us-east-1_nothere00', Identifier: 'x', Name: 'x' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_nothere00 does not exist.',
    });
    for (const command of [
      new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'missing' }),
      new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'missing', Name: 'x' }),
      new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'missing' }),
    ])
      await expect(send(command)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('updates the name and replaces the scopes', async () => {
    await server().cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'orders',
        Name: 'orders',
        Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read orders' }],
      }),
    );
    const { ResourceServer } = await server().cognito.send(
      new UpdateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'orders',
        Name: 'order service',
        Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write orders' }],
      }),
    );
    expect(ResourceServer).toEqual({
      UserPoolId: poolId,
      Identifier: 'orders',
      Name: 'order service',
      Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write orders' }],
    });
    const cleared = await server().cognito.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'order service' }));
    expect(cleared.ResourceServer!.Scopes).toEqual([]);
    const described = await server().cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders' }));
    expect(described.ResourceServer).toEqual(cleared.ResourceServer);
  });

  it('deletes a resource server', async () => {
    await server().cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'gone', Name: 'gone' }));
    await server().cognito.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'gone' }));
    await expect(send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'gone' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('lists resource servers page by page', async () => {
    const pool = await newPool('listing');
    for (const id of ['a', 'b', 'c'])
      await server().cognito.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: id, Name: id, Scopes: [{ ScopeName: 's', ScopeDescription: 'd' }] }));
    const first = await server().cognito.send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 2 }));
    expect(first.ResourceServers!.map((r) => r.Identifier)).toEqual(['a', 'b']);
    expect(first.NextToken).toBeTruthy();
    const second = await server().cognito.send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ResourceServers).toEqual([{ UserPoolId: pool, Identifier: 'c', Name: 'c', Scopes: [{ ScopeName: 's', ScopeDescription: 'd' }] }]);
    expect(second.NextToken).toBeUndefined();
    const all = await server().cognito.send(new ListResourceServersCommand({ UserPoolId: pool }));
    expect(all.ResourceServers).toHaveLength(3);
    await expect(send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 51 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('allows at most 25 resource servers per pool', async () => {
    const pool = await newPool('quota');
    for (let i = 0; i < 25; i++)
      await server().cognito.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: `rs${i}`, Name: `rs${i}` }));
    await expect(send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: 'rs25', Name: 'rs25' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
  });
});
