import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { getToken } from '../../src/client/index.js';
import { parseForms } from '../../src/client/html-forms.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import type { UiFixture } from '../ui/fixture.js';
import { FormBrowser } from '../ui/form-client.js';
import { CALLBACK, createUiFixture } from '../ui/fixture.js';

const GOOGLE = { client_id: 'google-app', client_secret: 'google-secret', authorize_scopes: 'openid email profile' };
const APPLE = { client_id: 'com.example.web', team_id: 'TEAM123456', key_id: 'KEY1234567', private_key: 'not-a-real-key', authorize_scopes: 'email name' };

/** Federation end to end, through the stand-in: the token client unattended, linking, and the sign-in page's choices. */
forEachEngine('federated sign-in through the social stand-in', (s) => {
  let fx: UiFixture;
  const tokenFor = async (identityProvider: string, standInIdentity?: Record<string, string>) => {
    const { tokens } = await getToken(
      {
        grant: 'authorization_code',
        issuer: fx.base,
        clientId: fx.clientId,
        redirectUri: CALLBACK,
        scope: 'openid email profile',
        identityProvider,
        ...(standInIdentity ? { standInIdentity } : {}),
      },
      { cache: false },
    );
    return decodeJwt(tokens.id_token!);
  };

  beforeAll(async () => {
    fx = await createUiFixture(s(), {}, { SupportedIdentityProviders: ['COGNITO'] });
    const send = s().cognito.send.bind(s().cognito);
    await send(new CreateIdentityProviderCommand({ UserPoolId: fx.poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE, AttributeMapping: { email: 'email', name: 'name' } }));
    await send(
      new CreateIdentityProviderCommand({
        UserPoolId: fx.poolId,
        ProviderName: 'Corp',
        ProviderType: 'OIDC',
        ProviderDetails: { client_id: 'c', client_secret: 's', authorize_scopes: 'openid', oidc_issuer: 'https://idp.corp.example', attributes_request_method: 'GET' },
        IdpIdentifiers: ['corp.example'],
      }),
    );
    await send(new CreateIdentityProviderCommand({ UserPoolId: fx.poolId, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: APPLE, AttributeMapping: { email: 'email' } }));
    await send(
      new UpdateUserPoolClientCommand({
        UserPoolId: fx.poolId,
        ClientId: fx.clientId,
        SupportedIdentityProviders: ['COGNITO', 'Google', 'SignInWithApple', 'Corp'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [CALLBACK],
      }),
    );
  });

  it('the sign-in page offers a button per provider, linking to /oauth2/authorize with identity_provider', async () => {
    const html = await (await fetch(fx.loginUrl())).text();
    const hrefs = [...html.matchAll(/<a class="idpButton-customizable[^"]*" href="([^"]+)">Sign in with ([^<]+)</g)].map((m) => [m[2], m[1]!.replace(/&amp;/g, '&')]);
    expect(hrefs.map(([label]) => label)).toEqual(['Google', 'Apple', 'Corp']);
    const google = new URL(hrefs[0]![1]!, fx.base);
    expect(google.pathname).toBe(`/${fx.poolId}/oauth2/authorize`);
    expect(google.searchParams.get('identity_provider')).toBe('Google');
    expect(google.searchParams.get('client_id')).toBe(fx.clientId);
    expect(parseForms(html).some((f) => f.name === 'cognitoSignInForm')).toBe(true);
  });

  it('the token client signs in unattended through the Google stand-in: a federated user Google_<sub>', async () => {
    const claims = await tokenFor('Google', { sub: 'fed-1', email: 'fed1@example.com', name: 'Fed One' });
    expect(claims['cognito:username']).toBe('Google_fed-1');
    expect(claims.email).toBe('fed1@example.com');
    const identities = claims.identities as Record<string, unknown>[];
    expect(identities[0]).toMatchObject({ userId: 'fed-1', providerName: 'Google', providerType: 'Google' });
  });

  it('without --stand-in-identity the unattended client is one fixed CI identity', async () => {
    const first = await tokenFor('Google');
    expect(first['cognito:username']).toBe('Google_cognate-token-client');
    expect(first.email).toBe('cognate-token-client@example.com');
    expect((await tokenFor('Google'))['cognito:username']).toBe('Google_cognate-token-client');
  });

  it('Sign in with Apple answers by form_post, which the unattended client carries on', async () => {
    const claims = await tokenFor('SignInWithApple', { sub: '000777.apple.0001', email: 'apple7@example.com', name: 'Ap Ple' });
    expect(claims['cognito:username']).toBe('SignInWithApple_000777.apple.0001');
    expect(claims.email).toBe('apple7@example.com');
  });

  it('after AdminLinkProviderForUser, a federated sign-in lands in the native user', async () => {
    await createConfirmedUser(s().cognito, fx.poolId, 'native', 'Passw0rd!long');
    const native = await s().cognito.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: 'native' }));
    const nativeSub = native.UserAttributes!.find((a) => a.Name === 'sub')!.Value;
    await s().cognito.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: fx.poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'native' },
        SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'linked-1' },
      }),
    );
    const claims = await tokenFor('Google', { sub: 'linked-1', email: 'someone@gmail.example', name: 'Linked' });
    expect(claims.sub).toBe(nativeSub);
    expect(claims['cognito:username']).toBe('native');
    expect((claims.identities as Record<string, unknown>[]).map((i) => i.userId)).toContain('linked-1');
    // No separate federated user was made.
    await expect(s().cognito.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: 'Google_linked-1' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('the corporate-ID field finds the provider by the e-mail domain and goes on with idp_identifier', async () => {
    const browser = new FormBrowser();
    const page = await browser.get(fx.loginUrl());
    expect(page.body).toContain('Sign in with your corporate ID');
    const found = await browser.submit(page, 'corporateIdForm', { corporateId: 'alice@Corp.Example' });
    expect(found.status).toBe(303);
    const next = new URL(found.location!);
    expect(next.pathname).toBe(`/${fx.poolId}/oauth2/authorize`);
    expect(next.searchParams.get('idp_identifier')).toBe('corp.example');
    expect(next.searchParams.get('client_id')).toBe(fx.clientId);

    const unknown = await browser.submit(await browser.get(fx.loginUrl()), 'corporateIdForm', { corporateId: 'bob@elsewhere.example<b>' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toContain('No identity provider matches your corporate ID.');
    expect(unknown.body).toContain('bob@elsewhere.example&lt;b&gt;');
  });

  it('a client with external providers only shows only their buttons, and refuses a password post', async () => {
    const clientId = (
      await s().cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: fx.poolId,
          ClientName: 'social-only',
          SupportedIdentityProviders: ['Google'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [CALLBACK],
        }),
      )
    ).UserPoolClient!.ClientId!;
    const browser = new FormBrowser();
    const login = `${fx.base}/login?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=openid&state=x`;
    const page = await browser.get(login);
    expect(page.location ?? '').toBe('');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sign in with Google');
    expect(page.body).not.toContain('name="password"');
    expect(page.body).not.toContain('corporate ID');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? browser.cookies.get('XSRF-TOKEN') ?? '';
    const posted = await browser.request(login, { method: 'POST', form: { _csrf: csrf, username: 'native', password: 'Passw0rd!long' } });
    expect(posted.status).toBe(200);
    expect(posted.body).toContain('This app signs in with an identity provider only.');
  });
});
