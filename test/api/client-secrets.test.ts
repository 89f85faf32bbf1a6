import {
  AddUserPoolClientSecretCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientSecretCommand,
  InitiateAuthCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

const hash = (secret: string, username: string, clientId: string) => createHmac('sha256', secret).update(username + clientId).digest('base64');

forEachEngine('client secret rotation', (server) => {
  let poolId: string;
  let clientId: string;
  let firstSecret: string;
  const password = 'Rotati0n-Passw0rd!';

  beforeAll(async () => {
    const { cognito } = server();
    poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'rotation' }))).UserPool!.Id!;
    await cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'api', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }] }));
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'confidential',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['api/read'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    clientId = UserPoolClient!.ClientId!;
    firstSecret = UserPoolClient!.ClientSecret!;
    await createConfirmedUser(cognito, poolId, 'rosa', password);
  });

  const signIn = (secret: string) =>
    server().cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rosa', PASSWORD: password, SECRET_HASH: hash(secret, 'rosa', clientId) } }),
    );
  const token = (secret: string, how: 'basic' | 'post') =>
    fetch(`${server().url}/${poolId}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(how === 'basic' ? { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` } : {}),
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(how === 'post' ? { client_id: clientId, client_secret: secret } : {}) }),
    });
  const list = async () => (await server().cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;

  describe('in order', () => {
    let second: { id: string; value: string };

    it('lists the secret the client was created with, without its value', async () => {
      const secrets = await list();
      expect(secrets).toHaveLength(1);
      expect(secrets[0]!.ClientSecretId).toMatch(new RegExp(`^${clientId}--\\d+$`));
      expect(secrets[0]!.ClientSecretValue).toBeUndefined();
      expect(secrets[0]!.ClientSecretCreateDate).toBeInstanceOf(Date);
    });

    it('adds a generated second secret, returning its value once', async () => {
      const { ClientSecretDescriptor: d } = await server().cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
      expect(d!.ClientSecretValue).toMatch(/^[\w+]{24,64}$/);
      expect(d!.ClientSecretId).toMatch(new RegExp(`^${clientId}--\\d+$`));
      second = { id: d!.ClientSecretId!, value: d!.ClientSecretValue! };
      const secrets = await list();
      expect(secrets.map((s) => s.ClientSecretId)).toContain(second.id);
      expect(secrets.every((s) => s.ClientSecretValue === undefined)).toBe(true);
    });

    it('accepts either secret for SECRET_HASH and at the token endpoint, basic and post', async () => {
      for (const secret of [firstSecret, second.value]) {
        expect((await signIn(secret)).AuthenticationResult?.AccessToken).toBeTruthy();
        for (const how of ['basic', 'post'] as const) {
          const res = await token(secret, how);
          expect(res.status).toBe(200);
          expect(((await res.json()) as { access_token?: string }).access_token).toBeTruthy();
        }
      }
      await expect(signIn('x'.repeat(51))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      expect((await token('x'.repeat(51), 'basic')).status).toBe(401);
    });

    it('refuses a third secret', async () => {
      await expect(
        server().cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: 'a'.repeat(30) })),
      ).rejects.toMatchObject({ name: 'LimitExceededException' });
      expect(await list()).toHaveLength(2);
    });

    it('keeps the new secret sealed at rest', async () => {
      const rows = await sql<Record<string, unknown>>`select * from user_pool_clients`.execute(server().services.store.db);
      const dump = JSON.stringify(rows.rows);
      expect(dump).toContain(clientId);
      expect(dump).not.toContain(second.value);
      expect(dump).not.toContain(firstSecret);
    });

    it('deletes the old secret, after which only the new one works, and never the last one', async () => {
      const old = (await list()).find((s) => s.ClientSecretId !== second.id)!;
      await server().cognito.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: old.ClientSecretId! }));
      expect((await list()).map((s) => s.ClientSecretId)).toEqual([second.id]);
      await expect(signIn(firstSecret)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const refused = await token(firstSecret, 'post');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
      expect((await signIn(second.value)).AuthenticationResult?.AccessToken).toBeTruthy();
      expect((await token(second.value, 'basic')).status).toBe(200);
      await expect(
        server().cognito.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: second.id })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('takes a provided secret and does not echo it', async () => {
      const given = 'Provided+secret_value_0123456789';
      const { ClientSecretDescriptor: d } = await server().cognito.send(
        new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: given }),
      );
      expect(d!.ClientSecretValue).toBeUndefined();
      expect((await signIn(given)).AuthenticationResult?.AccessToken).toBeTruthy();
    });
  });

  it('answers as Cognito for unknown secrets, public clients and bad input', async () => {
    const { cognito } = server();
    await expect(
      cognito.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: `${clientId}--1` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const pub = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'public' }))).UserPoolClient!.ClientId!;
    await expect(cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: pub }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect((await cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: pub }))).ClientSecrets).toEqual([]);
    await expect(cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: 'short' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: 'nosuchclient0000000000000a' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
