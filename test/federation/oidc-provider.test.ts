import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import Provider from 'oidc-provider';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import { addOidcProvider, APP_CALLBACK, callbackParams, createAppClient, createPool, followToApp, insecure, poolBase } from './fixture.js';

/** oidc-provider (panva's certified OpenID Provider) as a pool's OIDC identity provider, with its development sign-in pages. */
forEachEngine('federation through oidc-provider', (server) => {
  let op: Server;
  let issuer: string;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    poolId = await createPool(server());
    op = createServer();
    await new Promise<void>((resolve) => op.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(op.address() as AddressInfo).port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'cognate-app-pool',
          client_secret: 'a-secret-long-enough-for-oidc-provider',
          redirect_uris: [`${poolBase(server(), poolId)}/oauth2/idpresponse`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name'] },
      cookies: { keys: ['federation-test-cookie-key'] },
      findAccount: async (_ctx, id) => ({
        accountId: id,
        claims: async () => ({ sub: id, email: `${id}@op.example`, email_verified: true, name: `Name of ${id}`, given_name: id }),
      }),
    });
    op.on('request', provider.callback());
    await addOidcProvider(
      server(),
      poolId,
      { name: 'Panva', issuer, clientId: 'cognate-app-pool', clientSecret: 'a-secret-long-enough-for-oidc-provider' },
      { email: 'email', email_verified: 'email_verified', given_name: 'given_name' },
    );
    clientId = await createAppClient(server(), poolId, ['Panva']);
  });
  afterAll(async () => {
    await new Promise((resolve) => op?.close(resolve));
  });

  it("signs in on oidc-provider's own pages and gives openid-client a federated user's tokens", async () => {
    const config = await oidc.discovery(new URL(poolBase(server(), poolId)), clientId, undefined, oidc.None(), insecure);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: APP_CALLBACK,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      identity_provider: 'Panva',
    });
    const browser = new FormBrowser();
    const loginPage = await followToApp(browser, await browser.get(url.href));
    expect(loginPage.url).toContain(`${issuer}/interaction/`);
    const consentPage = await followToApp(browser, await browser.submit(loginPage, '', { login: 'erin', password: 'anything' }));
    const back = await followToApp(browser, await browser.submit(consentPage, ''));
    expect(callbackParams(back).get('state')).toBe(state);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    expect(claims['cognito:username']).toBe('Panva_erin');
    expect(claims.email).toBe('erin@op.example');
    expect(claims.email_verified).toBe(true);
    expect((claims.identities as { providerType: string }[])[0]!.providerType).toBe('OIDC');
    const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Panva_erin' }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    expect(user.UserAttributes?.find((a) => a.Name === 'given_name')?.Value).toBe('erin');
  });

  it("passes oidc-provider's refusal on to the app", async () => {
    const browser = new FormBrowser();
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: APP_CALLBACK, scope: 'openid', state: 'st', identity_provider: 'Panva' });
    const loginPage = await followToApp(browser, await browser.get(`${poolBase(server(), poolId)}/oauth2/authorize?${params}`));
    // The sign-in at the provider is abandoned: its abort endpoint answers access_denied.
    const abort = await followToApp(browser, await browser.get(`${loginPage.url}/abort`));
    const back = callbackParams(abort);
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('state')).toBe('st');
  });
});
