import {
  CreateResourceServerCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

forEachEngine('app clients', (server) => {
  let poolId: string;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
  const create = (input: Omit<CreateUserPoolClientCommandInput, 'UserPoolId'> & { UserPoolId?: string }) =>
    server()
      .cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ...input }))
      .then((r) => r.UserPoolClient!);
  const newPool = async (name: string, extra: Record<string, unknown> = {}) =>
    (await server().cognito.send(new CreateUserPoolCommand({ PoolName: name, ...extra }))).UserPool!.Id!;

  beforeAll(async () => {
    poolId = await newPool('clients', {
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'tier', AttributeDataType: 'String', Mutable: true },
      ],
    });
    await server().cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'https://api.example.com',
        Name: 'api',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'Read things' },
          { ScopeName: 'write', ScopeDescription: 'Write things' },
        ],
      }),
    );
  });

  describe('creating and describing', () => {
    it('creates a client with Cognito defaults for everything left out', async () => {
      const client = await create({ ClientName: 'bare' });
      expect(client.ClientId).toMatch(/^[a-z0-9]{26}$/);
      expect(client).toMatchObject({
        UserPoolId: poolId,
        ClientName: 'bare',
        RefreshTokenValidity: 30,
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'],
        AllowedOAuthFlowsUserPoolClient: false,
        EnableTokenRevocation: true,
        EnablePropagateAdditionalUserContextData: false,
        AuthSessionValidity: 3,
        PreventUserExistenceErrors: 'LEGACY',
      });
      // As in Cognito, lifetimes and units the request did not give are not described.
      expect(client.AccessTokenValidity).toBeUndefined();
      expect(client.IdTokenValidity).toBeUndefined();
      expect(client.TokenValidityUnits).toBeUndefined();
      expect(client.ClientSecret).toBeUndefined();
      expect(client.ReadAttributes).toBeUndefined();
      expect(client.CreationDate).toBeInstanceOf(Date);
      expect(client.LastModifiedDate).toEqual(client.CreationDate);

      const described = await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      expect(described.UserPoolClient).toEqual(client);
    });

    it('stores and returns every member it is given', async () => {
      const input = {
        ClientName: 'full',
        GenerateSecret: true,
        RefreshTokenValidity: 10,
        AccessTokenValidity: 15,
        IdTokenValidity: 20,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        ReadAttributes: ['email', 'email_verified', 'custom:tier'],
        WriteAttributes: ['email', 'custom:tier'],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/cb', 'myapp://callback'],
        LogoutURLs: ['https://app.example.com/bye'],
        DefaultRedirectURI: 'https://app.example.com/callback',
        AllowedOAuthFlows: ['code', 'implicit'],
        AllowedOAuthScopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin', 'https://api.example.com/read'],
        AllowedOAuthFlowsUserPoolClient: true,
        AnalyticsConfiguration: {
          ApplicationId: 'abcdef0123',
          RoleArn: 'arn:aws:iam::123456789012:role/analytics',
          ExternalId: 'ext',
          UserDataShared: true,
        },
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: false,
        EnablePropagateAdditionalUserContextData: true,
        AuthSessionValidity: 15,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      } satisfies Omit<CreateUserPoolClientCommandInput, 'UserPoolId'>;
      const client = await create(input);
      const { GenerateSecret: _g, ...expected } = input;
      expect(client).toMatchObject(expected);
      expect(client.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
      const described = await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      expect(described.UserPoolClient).toEqual(client);
    });

    it('returns the generated secret on create and describe, and keeps it only sealed in the database', async () => {
      const client = await create({ ClientName: 'confidential', GenerateSecret: true });
      const secret = client.ClientSecret!;
      const described = await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      expect(described.UserPoolClient!.ClientSecret).toBe(secret);

      const row = await server()
        .services.store.db.selectFrom('user_pool_clients')
        .selectAll()
        .where('id', '=', client.ClientId!)
        .executeTakeFirstOrThrow();
      expect(row.sealed_secret).toBeTruthy();
      expect(JSON.stringify(row)).not.toContain(secret);
    });

    it('accepts a client secret chosen by the caller, but not together with GenerateSecret', async () => {
      const chosen = 'my0own0secret0that0is0long0enough';
      const client = await create({ ClientName: 'chosen', ClientSecret: chosen });
      expect(client.ClientSecret).toBe(chosen);
      await expect(create({ ClientName: 'both', ClientSecret: chosen, GenerateSecret: true })).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });

    it('rejects an unknown pool', async () => {
      await expect(create({ UserPoolId: 'us-east-1_nothere00', ClientName: 'x' })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User pool us-east-1_nothere00 does not exist.',
      });
    });

    it('validates members against the model', async () => {
      await expect(create({ ClientName: 'x', AuthSessionValidity: 2 })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value '2' at 'authSessionValidity' failed to satisfy constraint: Member must have value greater than or equal to 3",
      });
      await expect(create({ ClientName: 'x', ExplicitAuthFlows: ['NOPE' as never] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });
  });

  describe('token validity', () => {
    it('counts access and ID token lifetimes in hours unless told otherwise', async () => {
      await expect(create({ ClientName: 'x', AccessTokenValidity: 60 })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid range for token validity.',
      });
      const client = await create({ ClientName: 'x', AccessTokenValidity: 24, IdTokenValidity: 1 });
      expect(client).toMatchObject({ AccessTokenValidity: 24, IdTokenValidity: 1 });
    });

    it('keeps access and ID tokens between 5 minutes and 1 day', async () => {
      const minutes = { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' } as const;
      await expect(create({ ClientName: 'x', AccessTokenValidity: 4, IdTokenValidity: 60, TokenValidityUnits: minutes })).rejects.toMatchObject({
        message: 'Invalid range for token validity.',
      });
      await expect(create({ ClientName: 'x', AccessTokenValidity: 60, IdTokenValidity: 1441, TokenValidityUnits: minutes })).rejects.toMatchObject({
        message: 'Invalid range for token validity.',
      });
      const ok = await create({ ClientName: 'x', AccessTokenValidity: 5, IdTokenValidity: 1440, TokenValidityUnits: minutes });
      expect(ok.TokenValidityUnits).toEqual(minutes);
    });

    it('keeps refresh tokens between 60 minutes and 10 years', async () => {
      await expect(
        create({ ClientName: 'x', RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } }),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid range for token validity.' });
      await expect(create({ ClientName: 'x', RefreshTokenValidity: 3651 })).rejects.toMatchObject({
        message: 'Invalid range for token validity.',
      });
      expect((await create({ ClientName: 'x', RefreshTokenValidity: 3650 })).RefreshTokenValidity).toBe(3650);
      expect((await create({ ClientName: 'x', RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } })).RefreshTokenValidity).toBe(60);
    });

    it('takes a refresh validity of 0 as the default 30 days', async () => {
      expect((await create({ ClientName: 'x', RefreshTokenValidity: 0 })).RefreshTokenValidity).toBe(30);
    });
  });

  describe('OAuth settings', () => {
    it('requires flows and scopes once OAuth is allowed', async () => {
      await expect(create({ ClientName: 'x', AllowedOAuthFlowsUserPoolClient: true })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.',
      });
    });

    it('requires callback URLs for the code and implicit flows', async () => {
      await expect(
        create({ ClientName: 'x', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'] }),
      ).rejects.toMatchObject({
        name: 'InvalidOAuthFlowException',
        message: 'CallbackUrls can not be empty when code flow or implicit flow is selected',
      });
    });

    it('allows client_credentials only alone, only with a secret and only with custom scopes', async () => {
      const base = { ClientName: 'm2m', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ['https://api.example.com/read'] };
      await expect(
        create({ ...base, GenerateSecret: true, AllowedOAuthFlows: ['client_credentials', 'code'], CallbackURLs: ['https://a.example.com'] }),
      ).rejects.toMatchObject({
        name: 'InvalidOAuthFlowException',
        message: 'client_credentials flow can not be selected along with code flow or implicit flow.',
      });
      await expect(create({ ...base, AllowedOAuthFlows: ['client_credentials'] })).rejects.toMatchObject({
        name: 'InvalidOAuthFlowException',
        message: 'client_credentials flow can not be selected if client does not have a client secret.',
      });
      await expect(
        create({ ...base, GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['openid'] }),
      ).rejects.toMatchObject({ name: 'InvalidOAuthFlowException', message: 'openid is not supported with client_credentials flow' });
      const client = await create({ ...base, GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'] });
      expect(client.AllowedOAuthFlows).toEqual(['client_credentials']);
    });

    it('accepts standard scopes and the scopes of the pool resource servers, and nothing else', async () => {
      const base = { ClientName: 'x', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], CallbackURLs: ['https://a.example.com'] };
      await expect(create({ ...base, AllowedOAuthScopes: ['openid', 'https://api.example.com/delete'] })).rejects.toMatchObject({
        name: 'ScopeDoesNotExistException',
        message: 'Invalid scope requested: https://api.example.com/delete',
      });
      await expect(create({ ...base, AllowedOAuthScopes: ['Cognito'] })).rejects.toMatchObject({
        name: 'ScopeDoesNotExistException',
        message: 'Invalid scope requested: Cognito',
      });
      const client = await create({ ...base, AllowedOAuthScopes: ['openid', 'https://api.example.com/write'] });
      expect(client.AllowedOAuthScopes).toEqual(['openid', 'https://api.example.com/write']);
    });

    it('keeps a client working when the resource server behind one of its scopes is deleted', async () => {
      await send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'temp', Name: 'temp', Scopes: [{ ScopeName: 'x', ScopeDescription: 'x' }] }));
      const client = await create({ ClientName: 'x', AllowedOAuthScopes: ['temp/x'] });
      await send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'temp' }));
      const described = await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      expect(described.UserPoolClient!.AllowedOAuthScopes).toEqual(['temp/x']);
      await expect(
        send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId, AllowedOAuthScopes: ['temp/x'] })),
      ).rejects.toMatchObject({ name: 'ScopeDoesNotExistException' });
    });
  });

  describe('redirect URLs', () => {
    it('allows plain HTTP only for loopback addresses', async () => {
      await expect(create({ ClientName: 'x', CallbackURLs: ['http://app.example.com/cb'] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'http://app.example.com/cb cannot use the HTTP protocol.',
      });
      await expect(create({ ClientName: 'x', LogoutURLs: ['http://localhost.com/'] })).rejects.toMatchObject({
        message: 'http://localhost.com/ cannot use the HTTP protocol.',
      });
      const client = await create({
        ClientName: 'x',
        CallbackURLs: ['http://localhost:8080/cb', 'http://127.0.0.1:49152/', 'http://[::1]:3000/x', 'com.example.app://auth'],
      });
      expect(client.CallbackURLs).toHaveLength(4);
    });

    it('requires absolute URLs without a fragment', async () => {
      await expect(create({ ClientName: 'x', CallbackURLs: ['/relative/path'] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(create({ ClientName: 'x', CallbackURLs: ['https://a.example.com/#frag'] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });

    it('requires the default redirect URI to be one of the callback URLs', async () => {
      await expect(
        create({ ClientName: 'x', CallbackURLs: ['https://a.example.com/cb'], DefaultRedirectURI: 'https://b.example.com/cb' }),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('limits callback URLs to 100', async () => {
      const urls = Array.from({ length: 101 }, (_, i) => `https://a.example.com/${i}`);
      await expect(create({ ClientName: 'x', CallbackURLs: urls })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('identity providers and attributes', () => {
    it('supports only identity providers the pool has', async () => {
      await expect(create({ ClientName: 'x', SupportedIdentityProviders: ['COGNITO', 'Google'] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: `The provider Google does not exist for User Pool ${poolId}`,
      });
    });

    it('requires read and write attributes to exist in the pool', async () => {
      await expect(create({ ClientName: 'x', ReadAttributes: ['email', 'custom:nope'] })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid read attributes specified while creating a client',
      });
      await expect(create({ ClientName: 'x', WriteAttributes: ['email', 'shoe_size'] })).rejects.toMatchObject({
        message: 'Invalid write attributes specified while creating a client',
      });
    });

    it('requires write access to the required attributes and refuses it for the ones Cognito sets', async () => {
      await expect(create({ ClientName: 'x', WriteAttributes: ['name'] })).rejects.toMatchObject({
        message: 'Invalid write attributes specified while creating a client',
      });
      await expect(create({ ClientName: 'x', WriteAttributes: ['email', 'email_verified'] })).rejects.toMatchObject({
        message: 'Invalid write attributes specified while creating a client',
      });
    });

    it('enables additional user context data only for clients with a secret', async () => {
      await expect(create({ ClientName: 'x', EnablePropagateAdditionalUserContextData: true })).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });
  });

  describe('updating', () => {
    it('replaces the whole configuration: members left out return to their defaults', async () => {
      const original = await create({
        ClientName: 'to-update',
        GenerateSecret: true,
        AccessTokenValidity: 2,
        TokenValidityUnits: { AccessToken: 'hours' },
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        CallbackURLs: ['https://a.example.com/cb'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: false,
        AuthSessionValidity: 10,
      });
      const { UserPoolClient: updated } = await server().cognito.send(
        new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: original.ClientId, ClientName: 'renamed' }),
      );
      expect(updated).toMatchObject({
        ClientId: original.ClientId,
        ClientName: 'renamed',
        ClientSecret: original.ClientSecret,
        RefreshTokenValidity: 30,
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'],
        AllowedOAuthFlowsUserPoolClient: false,
        PreventUserExistenceErrors: 'LEGACY',
        EnableTokenRevocation: true,
        AuthSessionValidity: 3,
      });
      for (const gone of ['AccessTokenValidity', 'TokenValidityUnits', 'CallbackURLs', 'AllowedOAuthFlows', 'AllowedOAuthScopes'])
        expect(updated).not.toHaveProperty(gone);
      expect(updated!.CreationDate).toEqual(original.CreationDate);
      expect(updated!.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(original.LastModifiedDate!.getTime());

      const { UserPoolClient: described } = await server().cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: original.ClientId }),
      );
      expect(described).toEqual(updated);
    });

    it('keeps the name when the update leaves it out', async () => {
      const original = await create({ ClientName: 'keeps-name' });
      const { UserPoolClient: updated } = await server().cognito.send(
        new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: original.ClientId, AuthSessionValidity: 5 }),
      );
      expect(updated).toMatchObject({ ClientName: 'keeps-name', AuthSessionValidity: 5 });
    });

    it('applies the same rules as create, in the words of an update', async () => {
      const original = await create({ ClientName: 'rules' });
      await expect(
        send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: original.ClientId, ReadAttributes: ['nope'] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid read attributes specified while updating a client' });
      await expect(
        send(
          new UpdateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientId: original.ClientId,
            AllowedOAuthFlows: ['client_credentials'],
            AllowedOAuthScopes: ['https://api.example.com/read'],
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidOAuthFlowException' });
      const { UserPoolClient: unchanged } = await server().cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: original.ClientId }),
      );
      expect(unchanged).toEqual(original);
    });
  });

  describe('unknown clients, deletion and listing', () => {
    it('answers an unknown client, or one of another pool, with ResourceNotFoundException', async () => {
      const other = await newPool('other');
      const foreign = (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: other, ClientName: 'foreign' })))
        .UserPoolClient!;
      for (const ClientId of ['abcdefghijklmnopqrstuvwxyz', foreign.ClientId!]) {
        const expected = { name: 'ResourceNotFoundException', message: `User pool client ${ClientId} does not exist.` };
        await expect(send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId }))).rejects.toMatchObject(expected);
        await expect(send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId }))).rejects.toMatchObject(expected);
        await expect(send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId }))).rejects.toMatchObject(expected);
      }
    });

    it('deletes a client, after which it no longer exists', async () => {
      const client = await create({ ClientName: 'doomed' });
      await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      await server().cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }));
      await expect(send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });

    it('lists clients page by page', async () => {
      const pool = await newPool('listing');
      const names = ['a', 'b', 'c', 'd', 'e'];
      const ids = new Set<string>();
      for (const ClientName of names)
        ids.add((await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName }))).UserPoolClient!.ClientId!);

      const seen: { ClientId?: string; ClientName?: string; UserPoolId?: string }[] = [];
      let NextToken: string | undefined;
      let pages = 0;
      do {
        const page = await server().cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 2, NextToken }));
        expect(page.UserPoolClients!.length).toBeLessThanOrEqual(2);
        seen.push(...page.UserPoolClients!);
        NextToken = page.NextToken;
        pages++;
      } while (NextToken);
      expect(pages).toBe(3);
      expect(new Set(seen.map((c) => c.ClientId))).toEqual(ids);
      expect(seen.map((c) => c.ClientName).sort()).toEqual(names);
      expect(seen.every((c) => c.UserPoolId === pool && Object.keys(c).length === 3)).toBe(true);
    });

    it('limits MaxResults to 1–60', async () => {
      await expect(send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 0 }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
      await expect(send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 61 }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    });
  });
});
