import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { FormBrowser } from './form-client.js';
import type { UiFixture } from './fixture.js';
import { CALLBACK, createUiFixture } from './fixture.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const POOL_CSS = '.banner-customizable { background-color: #123456; }';
const CLIENT_CSS = '.submitButton-customizable { background-color: #654321; }';

forEachEngine('hosted UI customization', (server) => {
  let fx: UiFixture;
  let otherClientId: string;
  beforeAll(async () => {
    fx = await createUiFixture(server());
    otherClientId = (
      await server().cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: fx.poolId,
          ClientName: 'other',
          SupportedIdentityProviders: ['COGNITO'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [CALLBACK],
        }),
      )
    ).UserPoolClient!.ClientId!;
  });
  const cognito = () => server().cognito;

  it('answers an empty customization before any is set', async () => {
    const out = await cognito().send(new GetUICustomizationCommand({ UserPoolId: fx.poolId }));
    expect(out.UICustomization).toEqual({});
  });

  it('sets the pool’s default (no ClientId) and returns every member, the logo served by this server', async () => {
    const before = Date.now();
    const out = await cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, CSS: POOL_CSS, ImageFile: PNG }));
    const c = out.UICustomization!;
    expect(c).toMatchObject({ UserPoolId: fx.poolId, ClientId: 'ALL', CSS: POOL_CSS });
    expect(typeof c.CSSVersion).toBe('string');
    expect(c.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(c.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(c.CreationDate!.getTime());
    expect(c.ImageUrl!.startsWith(`${fx.base}/ui/logo/ALL?v=`)).toBe(true);
    const logo = await fetch(c.ImageUrl!);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);

    const got = await cognito().send(new GetUICustomizationCommand({ UserPoolId: fx.poolId }));
    expect(got.UICustomization).toEqual(c);
    // ClientId ALL names the same default.
    expect((await cognito().send(new GetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: 'ALL' }))).UICustomization).toEqual(c);
  });

  it('lets a client override the pool’s default; other clients keep the default', async () => {
    const own = await cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId, CSS: CLIENT_CSS, ImageFile: JPEG }));
    expect(own.UICustomization).toMatchObject({ ClientId: fx.clientId, CSS: CLIENT_CSS });
    expect(own.UICustomization!.ImageUrl).toContain(`/ui/logo/${fx.clientId}?v=`);
    expect((await cognito().send(new GetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId }))).UICustomization).toEqual(own.UICustomization);
    const other = await cognito().send(new GetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: otherClientId }));
    expect(other.UICustomization).toMatchObject({ ClientId: 'ALL', CSS: POOL_CSS });
  });

  it('keeps the creation date and replaces the whole setting on a second set', async () => {
    const first = (await cognito().send(new GetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId }))).UICustomization!;
    const second = (await cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId, CSS: CLIENT_CSS }))).UICustomization!;
    expect(second.CreationDate).toEqual(first.CreationDate);
    expect(second.ImageUrl).toBeUndefined();
    expect(second.CSSVersion).not.toBe(first.CSSVersion);
  });

  it('applies the client’s CSS on its pages in a <style> the CSP allows by nonce, and the pool’s logo and CSS on others', async () => {
    const page = await new FormBrowser().get(fx.loginUrl());
    const nonce = /<style nonce="([0-9a-f]+)">/.exec(page.body)![1]!;
    expect(page.headers.get('content-security-policy')).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(page.body).toContain(CLIENT_CSS);

    const other = await new FormBrowser().get(`${fx.base}/login?response_type=code&client_id=${otherClientId}&redirect_uri=${encodeURIComponent(CALLBACK)}`);
    expect(other.body).toContain(POOL_CSS);
    const logo = /<img class="logo-customizable" src="([^"]+)"/.exec(other.body)![1]!.replaceAll('&amp;', '&');
    expect(logo.startsWith(`/${fx.poolId}/ui/logo/ALL?v=`)).toBe(true);
    const image = await fetch(new URL(logo, fx.base));
    expect(image.headers.get('content-type')).toBe('image/png');
  });

  it('cannot be made to close the <style> element early', async () => {
    const css = '.label-customizable { color: red; } </style><script>alert(1)</script><style>';
    await cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId, CSS: css }));
    const page = await new FormBrowser().get(fx.loginUrl());
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('</style><script>');
    expect(page.body.match(/<\/style>/g)).toHaveLength(1);
  });

  it('requires a domain, a client of the pool and a PNG or JPEG logo within the size limit', async () => {
    const bare = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'bare' }))).UserPool!.Id!;
    await expect(cognito().send(new SetUICustomizationCommand({ UserPoolId: bare, CSS: POOL_CSS }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'A domain must be associated with this user pool.',
    });
    await expect(cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, ClientId: 'nosuchclient0000000000000a', CSS: POOL_CSS }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient0000000000000a does not exist.',
    });
    await expect(cognito().send(new GetUICustomizationCommand({ UserPoolId: 'us-east-1_Nope12345' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, ImageFile: Buffer.from('GIF89a...') }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, ImageFile: Buffer.concat([PNG, Buffer.alloc(131072)]) }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value at 'imageFile' failed to satisfy constraint: Member must have length less than or equal to 131072",
    });
    await expect(cognito().send(new SetUICustomizationCommand({ UserPoolId: fx.poolId, CSS: 'x'.repeat(131073) }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('serves no logo where none is set', async () => {
    expect((await fetch(`${fx.base}/ui/logo/${otherClientId}`)).status).toBe(404);
  });
});
