import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import type { AppPool, ProviderPool } from './fixture.js';
import { APP_CALLBACK, callbackParams, createAppClient, createFederation, insecure, signInThroughProvider } from './fixture.js';

/** A second Cognate pool as the OIDC provider of the first, the app being openid-client. */
forEachEngine('federation through an OIDC provider (another Cognate pool)', (server) => {
  let app: AppPool;
  let idp: ProviderPool;
  beforeAll(async () => {
    ({ app, idp } = await createFederation(server()));
  });

  async function authorizeUrl(config: oidc.Configuration, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: APP_CALLBACK,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      identity_provider: app.providerName,
      ...extra,
    });
    return { url, verifier, state, nonce };
  }

  it('signs in through the provider and hands openid-client tokens of the federated user', async () => {
    const config = await oidc.discovery(new URL(app.base), app.clientId, undefined, oidc.None(), insecure);
    const { url, verifier, state, nonce } = await authorizeUrl(config);

    const browser = new FormBrowser();
    const first = await browser.get(url.href);
    expect(first.status).toBe(302);
    // Straight to the provider's authorization endpoint, with Cognate's own client, nonce and PKCE.
    const upstream = new URL(first.location!);
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${idp.issuer}/oauth2/authorize`);
    expect(upstream.searchParams.get('client_id')).toBe(idp.clientId);
    expect(upstream.searchParams.get('redirect_uri')).toBe(`${app.base}/oauth2/idpresponse`);
    expect(upstream.searchParams.get('nonce')).toBeTruthy();
    expect(upstream.searchParams.get('code_challenge_method')).toBe('S256');
    expect(upstream.searchParams.get('state')).not.toBe(state);

    const back = await signInThroughProvider(browser, url.href, idp.username);
    expect(callbackParams(back).get('state')).toBe(state);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });

    const claims = tokens.claims()!;
    const username = `${app.providerName}_${idp.sub}`;
    expect(claims['cognito:username']).toBe(username);
    expect(claims.email).toBe(`${idp.username}@idp.example`);
    expect(claims.nonce).toBe(nonce);
    expect(claims['cognito:groups']).toEqual([`${app.poolId}_${app.providerName}`]);
    const identities = claims.identities as Record<string, unknown>[];
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({ userId: idp.sub, providerName: app.providerName, providerType: 'OIDC', issuer: null, primary: 'true' });
    expect(identities[0]!.dateCreated).toMatch(/^\d{13}$/);
    expect(decodeJwt(tokens.access_token).username).toBe(username);

    const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }));
    expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
    expect(user.UserAttributes?.find((a) => a.Name === 'name')?.Value).toBe('Carol Provider');
    const stored = JSON.parse(user.UserAttributes!.find((a) => a.Name === 'identities')!.Value!) as unknown[];
    expect(stored).toEqual(identities);

    // userInfo of the app pool knows the federated user.
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.username).toBe(username);
  });

  it('signs the same person in again as the same user, with an SSO session for the app pool', async () => {
    const config = await oidc.discovery(new URL(app.base), app.clientId, undefined, oidc.None(), insecure);
    const browser = new FormBrowser();
    const { url } = await authorizeUrl(config);
    const back = await signInThroughProvider(browser, url.href, idp.username);
    expect(callbackParams(back).get('code')).toBeTruthy();
    const users = await server().cognito.send(new ListUsersCommand({ UserPoolId: app.poolId }));
    expect(users.Users).toHaveLength(1);

    // Another client of the app pool, asking without identity_provider: the SSO session answers at once.
    const other = await createAppClient(server(), app.poolId, ['COGNITO', app.providerName]);
    const params = new URLSearchParams({ response_type: 'code', client_id: other, redirect_uri: APP_CALLBACK, scope: 'openid', state: 'sso' });
    const sso = await browser.get(`${app.base}/oauth2/authorize?${params}`);
    expect(sso.status).toBe(302);
    expect(callbackParams(sso).get('code')).toBeTruthy();
    expect(callbackParams(sso).get('state')).toBe('sso');

    // The client that lists only the provider, asking without naming it: the session answers too.
    const noDirectory = new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: APP_CALLBACK, scope: 'openid', state: 'sso2' });
    const again = callbackParams(await browser.get(`${app.base}/oauth2/authorize?${noDirectory}`));
    expect(again.get('code')).toBeTruthy();
    expect(again.get('state')).toBe('sso2');
  });

  it('finishes an implicit request with tokens in the fragment', async () => {
    const browser = new FormBrowser();
    const params = new URLSearchParams({ response_type: 'token', client_id: app.clientId, redirect_uri: APP_CALLBACK, scope: 'openid email', state: 's1', identity_provider: app.providerName });
    const back = await signInThroughProvider(browser, `${app.base}/oauth2/authorize?${params}`, idp.username);
    expect(back.location).toContain('#');
    const fragment = callbackParams(back);
    expect(fragment.get('state')).toBe('s1');
    expect(decodeJwt(fragment.get('id_token')!)['cognito:username']).toBe(`${app.providerName}_${idp.sub}`);
  });

  it("picks up the provider's rotated signing keys at the next sign-in", async () => {
    const rotating = await createFederation(server(), 'Rotating');
    const params = new URLSearchParams({ response_type: 'code', client_id: rotating.app.clientId, redirect_uri: APP_CALLBACK, scope: 'openid', identity_provider: 'Rotating' });
    const signIn = async () => callbackParams(await signInThroughProvider(new FormBrowser(), `${rotating.app.base}/oauth2/authorize?${params}`, rotating.idp.username));
    expect((await signIn()).get('code')).toBeTruthy();

    const rotated = await fetch(`${server().url}/_cognate/keys/rotate?pool=${encodeURIComponent(rotating.idp.poolId)}`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const { idKid } = (await rotated.json()) as { idKid: string };
    const jwks = (await (await fetch(`${rotating.idp.issuer}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(idKid);

    // A fresh browser, so the provider is asked again and answers with an ID token under the new key,
    // a `kid` that Cognate's key set of the provider fetched a moment ago does not hold.
    const again = await signIn();
    expect(again.get('error')).toBeNull();
    expect(again.get('code')).toBeTruthy();
  });

  it('reaches the provider by idp_identifier', async () => {
    const browser = new FormBrowser();
    const params = new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: APP_CALLBACK, scope: 'openid', idp_identifier: 'nope.example' });
    const res = await browser.get(`${app.base}/oauth2/authorize?${params}`);
    expect(callbackParams(res).get('error')).toBe('invalid_request');
  });
});
