import {
  CreateIdentityProviderCommand,
  type CreateIdentityProviderCommandInput,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const OIDC_DETAILS = {
  client_id: 'oidc-client-1',
  client_secret: 'oidc-secret-value-never-in-clear',
  authorize_scopes: 'openid profile email',
  oidc_issuer: 'https://auth.example.com',
  attributes_request_method: 'GET',
};
const GOOGLE_DETAILS = { client_id: '1example23456789.apps.googleusercontent.com', client_secret: 'google-secret-xyz', authorize_scopes: 'email profile openid' };
const APPLE_DETAILS = {
  client_id: 'com.example.cognito',
  team_id: 'TEAM123456',
  key_id: 'KEY1234567',
  private_key: '-----BEGIN PRIVATE KEY-----\nAPPLEKEYMATERIALNEVERINCLEAR\n-----END PRIVATE KEY-----',
  authorize_scopes: 'email name',
};

forEachEngine('identity providers', (server) => {
  let poolId: string;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
  const newPool = async (name: string, extra: Record<string, unknown> = {}) =>
    (await server().cognito.send(new CreateUserPoolCommand({ PoolName: name, ...extra }))).UserPool!.Id!;
  const create = async (input: Omit<CreateIdentityProviderCommandInput, 'UserPoolId'> & { UserPoolId?: string }) =>
    (await server().cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ...input }))).IdentityProvider!;
  const rows = async (table: string, pool: string) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where pool_id = ${pool}`.execute(server().services.store.db)).rows;

  beforeAll(async () => {
    poolId = await newPool('idps', { Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }] });
  });

  describe('creating and describing', () => {
    it('creates an OIDC provider and describes it with its secret, the documented defaults and the username mapping', async () => {
      const created = await create({
        ProviderName: 'CorpOIDC',
        ProviderType: 'OIDC',
        ProviderDetails: OIDC_DETAILS,
        AttributeMapping: { email: 'email', 'custom:tier': 'tier' },
        IdpIdentifiers: ['corp', 'corp.example.com'],
      });
      expect(created).toMatchObject({
        UserPoolId: poolId,
        ProviderName: 'CorpOIDC',
        ProviderType: 'OIDC',
        ProviderDetails: { ...OIDC_DETAILS, attributes_url_add_attributes: 'false' },
        AttributeMapping: { email: 'email', 'custom:tier': 'tier', username: 'sub' },
        IdpIdentifiers: ['corp', 'corp.example.com'],
      });
      expect(created.CreationDate).toBeInstanceOf(Date);
      expect(created.LastModifiedDate).toEqual(created.CreationDate);
      const { IdentityProvider } = await server().cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC' }));
      expect(IdentityProvider).toEqual(created);
    });

    it('fills in Google’s documented endpoints and keeps the mapping the request gives', async () => {
      const google = await create({ ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE_DETAILS, AttributeMapping: { username: 'email' } });
      expect(google.ProviderDetails).toEqual({
        ...GOOGLE_DETAILS,
        attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
        attributes_url_add_attributes: 'true',
        authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
        oidc_issuer: 'https://accounts.google.com',
        token_request_method: 'POST',
        token_url: 'https://www.googleapis.com/oauth2/v4/token',
      });
      expect(google.AttributeMapping).toEqual({ username: 'email' });
      expect(google.IdpIdentifiers).toEqual([]);
    });

    it('builds Facebook’s endpoints on the requested Graph API version', async () => {
      const pool = await newPool('facebook');
      const facebook = await create({
        UserPoolId: pool,
        ProviderName: 'Facebook',
        ProviderType: 'Facebook',
        ProviderDetails: { client_id: '1example', client_secret: 'fb-secret', authorize_scopes: 'public_profile, email', api_version: 'v17.0' },
      });
      expect(facebook.ProviderDetails).toMatchObject({
        api_version: 'v17.0',
        authorize_url: 'https://www.facebook.com/v17.0/dialog/oauth',
        token_url: 'https://graph.facebook.com/v17.0/oauth/access_token',
        token_request_method: 'GET',
      });
      expect(facebook.AttributeMapping).toEqual({ username: 'id' });
    });

    it('never shows a Sign in with Apple private key again, and an update without one keeps it', async () => {
      const pool = await newPool('apple');
      const apple = await create({ UserPoolId: pool, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: APPLE_DETAILS });
      expect(apple.ProviderDetails).not.toHaveProperty('private_key');
      expect(apple.ProviderDetails).toMatchObject({ client_id: 'com.example.cognito', team_id: 'TEAM123456', key_id: 'KEY1234567', oidc_issuer: 'https://appleid.apple.com' });
      // What a caller read back is a valid update: the stored key fills the gap.
      const updated = await server().cognito.send(
        new UpdateIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'SignInWithApple', ProviderDetails: { ...apple.ProviderDetails!, key_id: 'KEY7654321' } }),
      );
      expect(updated.IdentityProvider!.ProviderDetails).toMatchObject({ key_id: 'KEY7654321' });
      expect(updated.IdentityProvider!.ProviderDetails).not.toHaveProperty('private_key');
    });

    it('creates a SAML provider from a metadata URL', async () => {
      const saml = await create({
        ProviderName: 'CorpSAML',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: 'https://idp.example.com/metadata', IDPSignout: 'true', RequestSigningAlgorithm: 'rsa-sha256' },
        AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
      });
      expect(saml.ProviderDetails).toEqual({ MetadataURL: 'https://idp.example.com/metadata', IDPSignout: 'true', RequestSigningAlgorithm: 'rsa-sha256' });
      expect(saml.AttributeMapping).toEqual({ email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' });
    });
  });

  describe('refusals', () => {
    it('refuses a second provider with the same name', async () => {
      await expect(send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS }))).rejects.toMatchObject({
        name: 'DuplicateProviderException',
        message: 'A provider with the name CorpOIDC already exists in this user pool.',
      });
    });

    it('refuses an IdP identifier another provider of the pool already has, but not in another pool', async () => {
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Other', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, IdpIdentifiers: ['corp'] })),
      ).rejects.toMatchObject({ name: 'DuplicateProviderException' });
      await expect(send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Other' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const other = await newPool('other-identifiers');
      const created = await create({ UserPoolId: other, ProviderName: 'Other', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, IdpIdentifiers: ['corp'] });
      expect(created.IdpIdentifiers).toEqual(['corp']);
    });

    it('refuses the same IdP identifier twice in one request', async () => {
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Twice', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, IdpIdentifiers: ['x', 'x'] })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('refuses reserved names for SAML and OIDC providers, and a social provider not named after its type', async () => {
      for (const name of ['COGNITO', 'Cognito', 'Google']) {
        await expect(send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name, ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS }))).rejects.toMatchObject({
          name: 'InvalidParameterException',
        });
      }
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'MyGoogle', ProviderType: 'Google', ProviderDetails: GOOGLE_DETAILS })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'The provider name of a Google identity provider must be Google.' });
    });

    it('refuses provider details without the keys the type needs', async () => {
      const { oidc_issuer: _issuer, ...noIssuer } = OIDC_DETAILS;
      await expect(send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'NoIssuer', ProviderType: 'OIDC', ProviderDetails: noIssuer }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required provider details for OIDC: oidc_issuer.',
      });
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'BadMethod', ProviderType: 'OIDC', ProviderDetails: { ...OIDC_DETAILS, attributes_request_method: 'PUT' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'NoMetadata', ProviderType: 'SAML', ProviderDetails: { IDPSignout: 'true' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      const { team_id: _team, ...noTeam } = APPLE_DETAILS;
      const apple = await newPool('apple-missing');
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: apple, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: noTeam })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Missing required provider details for SignInWithApple: team_id.' });
    });

    it('refuses an attribute mapping to an attribute the pool does not have', async () => {
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'BadMap', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, AttributeMapping: { 'custom:nope': 'x' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('checks the model’s constraints: the type enum and the name pattern', async () => {
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp2', ProviderType: 'LDAP' as never, ProviderDetails: OIDC_DETAILS })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message:
          "1 validation error detected: Value 'LDAP' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC]",
      });
      await expect(
        send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: '_corp', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining("at 'providerName' failed to satisfy constraint") });
      await expect(send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'NoDetails', ProviderType: 'OIDC' } as never))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value null at 'providerDetails' failed to satisfy constraint: Member must not be null",
      });
    });

    it('answers ResourceNotFoundException for an unknown pool or provider', async () => {
      await expect(send(new CreateIdentityProviderCommand({ UserPoolId: 'us-east-1_Nope12345', ProviderName: 'Xyz', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User pool us-east-1_Nope12345 does not exist.',
      });
      await expect(send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Missing', AttributeMapping: {} }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('refuses to update or delete the pool’s own directory', async () => {
      await expect(send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'COGNITO' }))).rejects.toMatchObject({ name: 'UnsupportedIdentityProviderException' });
      await expect(send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'COGNITO', AttributeMapping: {} }))).rejects.toMatchObject({
        name: 'UnsupportedIdentityProviderException',
      });
    });

    it('allows 300 providers per pool and refuses the next one', async () => {
      const pool = await newPool('limit');
      // The smallest metadata CreateIdentityProvider parses: an entity with an IdP descriptor.
      const metadata = '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="urn:idp"><IDPSSODescriptor/></EntityDescriptor>';
      for (let batch = 0; batch < 300; batch += 30) {
        await Promise.all(
          Array.from({ length: 30 }, (_, i) => create({ UserPoolId: pool, ProviderName: `P${String(batch + i).padStart(3, '0')}`, ProviderType: 'SAML', ProviderDetails: { MetadataFile: metadata } })),
        );
      }
      await expect(send(new CreateIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'P300', ProviderType: 'SAML', ProviderDetails: { MetadataFile: metadata } }))).rejects.toMatchObject({
        name: 'LimitExceededException',
      });
    });
  });

  describe('identifiers, updates and deletion', () => {
    it('finds a provider by one of its IdP identifiers', async () => {
      const { IdentityProvider } = await server().cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp.example.com' }));
      expect(IdentityProvider).toMatchObject({ ProviderName: 'CorpOIDC', ProviderType: 'OIDC', ProviderDetails: { client_secret: OIDC_DETAILS.client_secret } });
    });

    it('updates what the request gives and keeps what it leaves out', async () => {
      const before = (await server().cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC' }))).IdentityProvider!;
      const { IdentityProvider } = await server().cognito.send(
        new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC', IdpIdentifiers: ['corp2'], AttributeMapping: { email: 'mail' } }),
      );
      expect(IdentityProvider).toMatchObject({
        ProviderDetails: before.ProviderDetails,
        AttributeMapping: { email: 'mail', username: 'sub' },
        IdpIdentifiers: ['corp2'],
        CreationDate: before.CreationDate,
      });
      // The old identifiers are free again; the new one leads to the provider.
      await expect(send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const found = await server().cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp2' }));
      expect(found.IdentityProvider!.ProviderName).toBe('CorpOIDC');

      const details = await server().cognito.send(
        new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC', ProviderDetails: { ...OIDC_DETAILS, client_secret: 'rotated-oidc-secret' } }),
      );
      expect(details.IdentityProvider).toMatchObject({ ProviderDetails: { client_secret: 'rotated-oidc-secret' }, IdpIdentifiers: ['corp2'] });
    });

    it('refuses an update that takes another provider’s IdP identifier, and changes nothing', async () => {
      await create({ ProviderName: 'Holder', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, IdpIdentifiers: ['held'] });
      await expect(
        send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC', IdpIdentifiers: ['held'], AttributeMapping: { email: 'other' } })),
      ).rejects.toMatchObject({ name: 'DuplicateProviderException' });
      const after = (await server().cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpOIDC' }))).IdentityProvider!;
      expect(after).toMatchObject({ IdpIdentifiers: ['corp2'], AttributeMapping: { email: 'mail' } });
    });

    it('deletes a provider; its identifiers go with it', async () => {
      await server().cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Holder' }));
      await expect(send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Holder' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'held' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const reuse = await create({ ProviderName: 'Holder2', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, IdpIdentifiers: ['held'] });
      expect(reuse.IdpIdentifiers).toEqual(['held']);
    });
  });

  it('lists providers page by page with MaxResults and NextToken', async () => {
    const pool = await newPool('paging');
    const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
    for (const name of names) await create({ UserPoolId: pool, ProviderName: name, ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS });
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await server().cognito.send(new ListIdentityProvidersCommand({ UserPoolId: pool, MaxResults: 2, NextToken }));
      expect(page.Providers!.length).toBeLessThanOrEqual(2);
      for (const p of page.Providers!) {
        expect(p.ProviderType).toBe('OIDC');
        expect(p.CreationDate).toBeInstanceOf(Date);
        expect(p.LastModifiedDate).toBeInstanceOf(Date);
        expect(p).not.toHaveProperty('ProviderDetails');
      }
      seen.push(...page.Providers!.map((p) => p.ProviderName!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
    const all = await server().cognito.send(new ListIdentityProvidersCommand({ UserPoolId: pool }));
    expect(all.Providers!.map((p) => p.ProviderName)).toEqual(names);
    expect(all.NextToken).toBeUndefined();
    await expect(send(new ListIdentityProvidersCommand({ UserPoolId: pool, MaxResults: 61 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('keeps client secrets and private keys sealed in the database', async () => {
    const pool = await newPool('sealed');
    await create({ UserPoolId: pool, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: APPLE_DETAILS });
    await create({ UserPoolId: pool, ProviderName: 'CorpOIDC', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS });
    const dump = JSON.stringify(await rows('identity_providers', pool));
    expect(dump).toContain('com.example.cognito'); // the dump is real
    expect(dump).not.toContain('APPLEKEYMATERIALNEVERINCLEAR');
    expect(dump).not.toContain(OIDC_DETAILS.client_secret);
  });

  it('lets an app client name a provider of its pool, refuses unknown ones, and drops a deleted one', async () => {
    const pool = await newPool('clients-idps');
    await create({ UserPoolId: pool, ProviderName: 'CorpOIDC', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS });
    const { UserPoolClient } = await server().cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'web', SupportedIdentityProviders: ['COGNITO', 'CorpOIDC'] }),
    );
    expect(UserPoolClient!.SupportedIdentityProviders).toEqual(['COGNITO', 'CorpOIDC']);
    await expect(
      send(new UpdateUserPoolClientCommand({ UserPoolId: pool, ClientId: UserPoolClient!.ClientId, SupportedIdentityProviders: ['CorpOIDC', 'Google'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: `The provider Google does not exist for User Pool ${pool}` });
    // A provider of another pool is as unknown as a missing one.
    await expect(
      send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'x', SupportedIdentityProviders: ['Alpha'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });

    await server().cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: pool, ProviderName: 'CorpOIDC' }));
    const described = await server().cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: UserPoolClient!.ClientId }));
    expect(described.UserPoolClient!.SupportedIdentityProviders).toEqual(['COGNITO']);
    await expect(
      send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'late', SupportedIdentityProviders: ['CorpOIDC'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('removes a pool’s providers with the pool', async () => {
    const pool = await newPool('deleted');
    await create({ UserPoolId: pool, ProviderName: 'CorpOIDC', ProviderType: 'OIDC', ProviderDetails: OIDC_DETAILS, IdpIdentifiers: ['gone'] });
    await server().cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    expect(await rows('identity_providers', pool)).toEqual([]);
    expect(await rows('identity_provider_identifiers', pool)).toEqual([]);
    await expect(send(new ListIdentityProvidersCommand({ UserPoolId: pool }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
