import {
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { findLinkedUser } from '../../src/core/idp/links.js';
import { getPool } from '../../src/core/pool/pools.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!long';
const GOOGLE = { client_id: 'g', client_secret: 'gs', authorize_scopes: 'openid email' };
const cognitoSubject = (value: string) => ({ ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: value });
const destination = (username: string) => ({ ProviderName: 'Cognito', ProviderAttributeValue: username });

forEachEngine('AdminLinkProviderForUser and AdminDisableProviderForUser', (s) => {
  let poolId: string;
  let clientId: string;
  const identities = async (username: string) => {
    const user = await s().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    const value = user.UserAttributes?.find((a) => a.Name === 'identities')?.Value;
    return value === undefined ? undefined : (JSON.parse(value) as Record<string, unknown>[]);
  };
  const linked = async (subject: string, provider = 'Google') =>
    (await findLinkedUser(s().services, await getPool(s().services, poolId), provider, subject))?.username;

  beforeAll(async () => {
    poolId = (await s().cognito.send(new CreateUserPoolCommand({ PoolName: 'linking' }))).UserPool!.Id!;
    clientId = (await s().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
      .UserPoolClient!.ClientId!;
    await s().cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE }));
    await s().cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: { client_id: 'c', client_secret: 's', authorize_scopes: 'openid', oidc_issuer: 'https://idp.example.com', attributes_request_method: 'GET' },
        AttributeMapping: { email: 'mail' },
      }),
    );
    for (const name of ['nina', 'omar', 'pia']) await createConfirmedUser(s().cognito, poolId, name, PASSWORD);
  });

  it('links a provider subject to a native user, lists it in identities, and findLinkedUser finds it', async () => {
    expect(await linked('1001')).toBeUndefined();
    await s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('nina'), SourceUser: cognitoSubject('1001') }));
    expect(await linked('1001')).toBe('nina');
    const list = await identities('nina');
    expect(list).toEqual([{ userId: '1001', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'false', dateCreated: expect.stringMatching(/^\d+$/) }]);
  });

  it('refuses a source already linked, a Cognito source, an unknown provider or destination, a non-subject social attribute', async () => {
    const link = (DestinationUser: object, SourceUser: object) => s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser, SourceUser }));
    await expect(link(destination('omar'), cognitoSubject('1001'))).rejects.toMatchObject({ name: 'AliasExistsException' });
    await expect(link(destination('omar'), { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'nina' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(link(destination('omar'), { ...cognitoSubject('1'), ProviderName: 'Nope' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(link(destination('ghost'), cognitoSubject('1002'))).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    await expect(link({ ProviderName: 'Google', ProviderAttributeValue: 'omar' }, cognitoSubject('1002'))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(link(destination('omar'), { ...cognitoSubject('1002'), ProviderAttributeName: 'email' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(link(destination('omar'), cognitoSubject(''))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: 'us-east-1_nopenope', DestinationUser: destination('omar'), SourceUser: cognitoSubject('1') })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await linked('1002')).toBeUndefined();
  });

  it('refuses a source that already exists as its own federated user (no merging)', async () => {
    // As federation creates it: <ProviderName>_<subject>, EXTERNAL_PROVIDER.
    const db = s().services.store.db;
    const now = Date.now();
    await db
      .insertInto('users')
      .values({ pool_id: poolId, username: 'Google_2002', username_key: 'Google_2002', sub: '4b3c1a52-5a7e-4d0f-9c55-2d2f1f0b2002', status: 'EXTERNAL_PROVIDER', enabled: 1, sealed_password: null, password_updated_at: null, settings_json: '{}', created_at: now, updated_at: now })
      .execute();
    await expect(
      s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('omar'), SourceUser: cognitoSubject('2002') })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Merging is not currently supported') });
    // Disabling the provider for that identity disables its federated user.
    await s().cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: cognitoSubject('2002') }));
    expect((await s().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Google_2002' }))).Enabled).toBe(false);
  });

  it('links by a mapped attribute for OIDC providers, and at most five identities per user', async () => {
    await expect(
      s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('omar'), SourceUser: { ProviderName: 'Corp', ProviderAttributeName: 'name', ProviderAttributeValue: 'x' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await s().cognito.send(
      new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('omar'), SourceUser: { ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'omar@corp.example' } }),
    );
    for (const sub of ['3001', '3002', '3003', '3004'])
      await s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('omar'), SourceUser: cognitoSubject(sub) }));
    await expect(
      s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('omar'), SourceUser: cognitoSubject('3005') })),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    const list = await identities('omar');
    expect(list?.map((i) => [i.providerName, i.providerType, i.userId])).toEqual([
      ['Corp', 'OIDC', 'omar@corp.example'],
      ['Google', 'Google', '3001'],
      ['Google', 'Google', '3002'],
      ['Google', 'Google', '3003'],
      ['Google', 'Google', '3004'],
    ]);
  });

  it('AdminDisableProviderForUser removes the link and its identities entry; unknown identities are UserNotFoundException', async () => {
    await s().cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: cognitoSubject('1001') }));
    expect(await linked('1001')).toBeUndefined();
    expect(await identities('nina')).toBeUndefined();
    await expect(s().cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: cognitoSubject('1001') }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(s().cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ...cognitoSubject('1'), ProviderName: 'Nope' } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    // The identity can be linked again, to someone else.
    await s().cognito.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: destination('pia'), SourceUser: cognitoSubject('1001') }));
    expect(await linked('1001')).toBe('pia');
  });

  it('with ProviderName Cognito, the native user can no longer sign in with a password', async () => {
    const signIn = () =>
      s().cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nina', PASSWORD } }));
    expect((await signIn()).AuthenticationResult?.IdToken).toBeDefined();
    await s().cognito.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'nina' } }));
    await expect(signIn()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('deleting the native user deletes its links', async () => {
    await s().cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'pia' }));
    expect(await linked('1001')).toBeUndefined();
    const rows = await sql<{ n: number }>`select count(*) as n from federation_links where pool_id = ${poolId} and username_key = 'pia'`.execute(s().services.store.db);
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});
