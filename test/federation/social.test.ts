import { AdminGetUserCommand, CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProviderTypeType } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { engines, forEachEngine, startTestServer } from '../helpers/server.js';
import type { Page } from '../ui/form-client.js';
import { FormBrowser } from '../ui/form-client.js';
import { APP_CALLBACK, callbackParams, createAppClient, createPool, followToApp, poolBase } from './fixture.js';
import type { ScriptedProvider } from './scripted-provider.js';
import { startScriptedProvider } from './scripted-provider.js';

const APPLE_KEY = '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----';

async function addSocial(server: TestServer, poolId: string, type: string, mapping: Record<string, string>): Promise<void> {
  const details: Record<string, string> =
    type === 'SignInWithApple'
      ? { client_id: 'com.example.app', team_id: 'TEAM123456', key_id: 'KEY1234567', private_key: APPLE_KEY, authorize_scopes: 'email name' }
      : { client_id: `${type}-client`, client_secret: `${type}-secret`, authorize_scopes: type === 'Facebook' ? 'public_profile, email' : 'openid email profile' };
  await server.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: type, ProviderType: type as IdentityProviderTypeType, ProviderDetails: details, AttributeMapping: mapping }));
}

const authorizeUrl = (server: TestServer, poolId: string, clientId: string, provider: string, state: string) =>
  `${poolBase(server, poolId)}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: APP_CALLBACK, scope: 'openid email profile', state, identity_provider: provider })}`;

/** Signs in at Cognate's stand-in for a social provider, typing the identity into its form. */
async function standInSignIn(browser: FormBrowser, url: string, identity: Record<string, string>): Promise<Page> {
  const standIn = await followToApp(browser, await browser.get(url));
  let page = await browser.submit(standIn, 'standInIdentityForm', identity);
  page = await followToApp(browser, page);
  // Sign in with Apple answers by a form the page posts itself.
  if (!page.location && page.body.includes('standInFormPost')) page = await followToApp(browser, await browser.submit(page, 'standInFormPost'));
  return page;
}

forEachEngine('federation through the social stand-ins', (server) => {
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    poolId = await createPool(server());
    await addSocial(server(), poolId, 'Google', { email: 'email', name: 'name', picture: 'picture' });
    await addSocial(server(), poolId, 'Facebook', { email: 'email', name: 'name' });
    await addSocial(server(), poolId, 'LoginWithAmazon', { email: 'email', name: 'name' });
    await addSocial(server(), poolId, 'SignInWithApple', { email: 'email', name: 'name' });
    clientId = await createAppClient(server(), poolId, ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
  });

  const cases: [string, string][] = [
    ['Google', 'g-1001'],
    ['Facebook', 'fb-2002'],
    ['LoginWithAmazon', 'amzn1.account.3003'],
    ['SignInWithApple', '000123.apple.4004'],
  ];
  for (const [type, sub] of cases) {
    it(`signs in with ${type} as ${type}_<subject>`, async () => {
      const browser = new FormBrowser();
      const back = await standInSignIn(browser, authorizeUrl(server(), poolId, clientId, type, `st-${type}`), { sub, email: `${type.toLowerCase()}@social.example`, name: `${type} Person` });
      const params = callbackParams(back);
      expect(params.get('state')).toBe(`st-${type}`);
      expect(params.get('code')).toBeTruthy();
      const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `${type}_${sub}` }));
      expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
      expect(user.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(`${type.toLowerCase()}@social.example`);
      const identities = JSON.parse(user.UserAttributes!.find((a) => a.Name === 'identities')!.Value!) as { providerType: string; userId: string }[];
      expect(identities[0]).toMatchObject({ providerType: type, userId: sub });
    });
  }
});

/** `--provider-endpoint`: a social type reached at another OIDC issuer instead of the stand-in. */
for (const engine of engines()) {
  describe(`federation with --provider-endpoint [${engine}]`, () => {
    let provider: ScriptedProvider;
    let server: TestServer;
    beforeAll(async () => {
      provider = await startScriptedProvider('Google-client');
      server = await startTestServer(engine, { providerEndpoints: { Google: provider.issuer } });
    });
    afterAll(async () => {
      await server?.close();
      await provider?.close();
    });

    it('sends the browser to that issuer and checks its ID token', async () => {
      const poolId = await createPool(server);
      await addSocial(server, poolId, 'Google', { email: 'email', name: 'name' });
      const clientId = await createAppClient(server, poolId, ['Google']);
      provider.subject = 'google-subject-77';
      const browser = new FormBrowser();
      const first = await browser.get(authorizeUrl(server, poolId, clientId, 'Google', 'pe'));
      expect(first.location?.startsWith(`${provider.issuer}/authorize?`)).toBe(true);
      const back = await followToApp(browser, first);
      const code = callbackParams(back).get('code')!;
      expect(provider.tokenRequests.at(-1)!.form.get('client_secret')).toBe('Google-secret');
      const res = await fetch(`${poolBase(server, poolId)}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: APP_CALLBACK }),
      });
      const idToken = decodeJwt(((await res.json()) as { id_token: string }).id_token);
      expect(idToken['cognito:username']).toBe('Google_google-subject-77');
      expect(idToken.email).toBe('dana@scripted.example');

      // Another issuer's ID token is refused for a social type too.
      provider.tamper = { iss: 'https://accounts.google.com' };
      const refused = callbackParams(await followToApp(browser, await browser.get(authorizeUrl(server, poolId, clientId, 'Google', 'pe2'))));
      expect(refused.get('error')).toBe('invalid_request');
      provider.tamper = {};
    });
  });
}

/** `--quotas` with UserFederation at 0: every federated sign-in is over the rate. */
describe('federation under the UserFederation quota', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { quotas: { UserFederation: 0 } });
  });
  afterAll(async () => server?.close());

  it('sends temporarily_unavailable to the app and creates no user', async () => {
    const poolId = await createPool(server);
    await addSocial(server, poolId, 'Google', { email: 'email' });
    const clientId = await createAppClient(server, poolId, ['Google']);
    const back = callbackParams(await standInSignIn(new FormBrowser(), authorizeUrl(server, poolId, clientId, 'Google', 'q'), { sub: 'g-quota', email: 'q@social.example', name: 'Q' }));
    expect(back.get('error')).toBe('temporarily_unavailable');
    expect(back.get('state')).toBe('q');
    await expect(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Google_g-quota' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});
