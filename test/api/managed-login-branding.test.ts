import {
  CreateManagedLoginBrandingCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteUserPoolDomainCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  DescribeUserPoolDomainCommand,
  UpdateManagedLoginBrandingCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

forEachEngine('managed login branding', (server) => {
  let poolId: string;
  let clientId: string;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
  const newClient = async (name: string) =>
    (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name }))).UserPoolClient!.ClientId!;

  beforeAll(async () => {
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'branding' }))).UserPool!.Id!;
    clientId = await newClient('app');
  });

  it('stores one style per client with its settings and assets, and describes it by id and by client', async () => {
    const Settings = { categories: { global: { colorSchemeMode: 'DARK' } }, custom: [1, 'two'] };
    const Assets = [{ Category: 'PAGE_HEADER_LOGO' as const, ColorMode: 'LIGHT' as const, Extension: 'PNG' as const, Bytes: png }];
    const { ManagedLoginBranding: created } = await server().cognito.send(
      new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings, Assets }),
    );
    expect(created).toMatchObject({ UserPoolId: poolId, UseCognitoProvidedValues: false, Settings });
    expect(created!.ManagedLoginBrandingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Buffer.from(created!.Assets![0]!.Bytes!)).toEqual(png);
    const id = created!.ManagedLoginBrandingId!;

    const byId = await server().cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
    expect(byId.ManagedLoginBranding).toEqual(created);
    const byClient = await server().cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(byClient.ManagedLoginBranding).toEqual(created);

    const merged = await server().cognito.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, ReturnMergedResources: true }));
    const settings = merged.ManagedLoginBranding!.Settings as { categories: { global: Record<string, unknown>; form: Record<string, unknown> } };
    expect(settings.categories.global.colorSchemeMode).toBe('DARK');
    expect(settings.categories.form.displayGraphics).toBe(true);

    await expect(send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }))).rejects.toMatchObject({
      name: 'ManagedLoginBrandingExistsException',
    });

    const reset = await server().cognito.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true }));
    expect(reset.ManagedLoginBranding).toMatchObject({ UseCognitoProvidedValues: true, Assets: [] });
    expect(reset.ManagedLoginBranding!.Settings).toBeUndefined();
    const updated = await server().cognito.send(
      new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, Settings: { components: { form: { borderRadius: 4 } } } }),
    );
    expect(updated.ManagedLoginBranding).toMatchObject({ UseCognitoProvidedValues: false, Settings: { components: { form: { borderRadius: 4 } } } });

    await server().cognito.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
    await expect(send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses what Cognito refuses and stores nothing', async () => {
    const other = await newClient('other');
    const bad = [
      { UseCognitoProvidedValues: true, Settings: { a: 1 } },
      { Settings: 'not an object' as never },
      { Assets: [{ Category: 'FAVICON_ICO' as const, ColorMode: 'LIGHT' as const, Extension: 'PNG' as const, Bytes: png }] },
      { Assets: [{ Category: 'PAGE_BACKGROUND' as const, ColorMode: 'LIGHT' as const, Extension: 'GIF' as never, Bytes: png }] },
      {
        Assets: [
          { Category: 'FORM_LOGO' as const, ColorMode: 'DARK' as const, Extension: 'PNG' as const, Bytes: png },
          { Category: 'FORM_LOGO' as const, ColorMode: 'DARK' as const, Extension: 'PNG' as const, Bytes: png },
        ],
      },
    ];
    for (const input of bad) {
      await expect(send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: other, ...input }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
    }
    await expect(send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: other }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: 'nosuchclient0000000000000a' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it("keeps the domain's ManagedLoginVersion", async () => {
    const Domain = `branding-${server().engine}-${Date.now()}`;
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain, ManagedLoginVersion: 2 }));
    expect((await server().cognito.send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription?.ManagedLoginVersion).toBe(2);
    await server().cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain, ManagedLoginVersion: 1 }));
    expect((await server().cognito.send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription?.ManagedLoginVersion).toBe(1);
    await expect(send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain, ManagedLoginVersion: 3 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await server().cognito.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain }));
  });
});
