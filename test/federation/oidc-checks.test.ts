import { AdminDisableUserCommand, AdminGetUserCommand, AdminLinkProviderForUserCommand, CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { TriggerEvent } from '../../src/core/trigger/runner.js';
import { functionRunner } from '../../src/functions/runner.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import { addOidcProvider, APP_CALLBACK, callbackParams, createAppClient, createPool, followToApp, poolBase } from './fixture.js';
import type { ScriptedProvider } from './scripted-provider.js';
import { startScriptedProvider } from './scripted-provider.js';

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const seen: TriggerEvent[] = [];
const behaviour = new Map<string, (event: TriggerEvent) => unknown>();
const functions = functionRunner({
  handlers: Object.fromEntries(
    ['pre-signup', 'post-auth', 'pre-token'].map((name) => [
      name,
      async (event: TriggerEvent) => {
        seen.push(structuredClone(event));
        const act = behaviour.get(name);
        return act ? act(event) : event;
      },
    ]),
  ),
});

/** The checks on a provider's answer, against a provider whose answers the test writes. */
forEachEngine(
  'federation: what Cognate checks in an OIDC answer',
  (server) => {
    let provider: ScriptedProvider;
    let poolId: string;
    let clientId: string;
    beforeAll(async () => {
      provider = await startScriptedProvider();
      poolId = await createPool(server(), {
        LambdaConfig: { PreSignUp: arn('pre-signup'), PostAuthentication: arn('post-auth'), PreTokenGeneration: arn('pre-token') },
      });
      await addOidcProvider(server(), poolId, { name: 'Scripted', issuer: provider.issuer, clientId: provider.clientId, clientSecret: 's3cret', method: 'POST' }, {
        email: 'email',
        name: 'name',
      });
      clientId = await createAppClient(server(), poolId, ['Scripted']);
    });
    afterAll(async () => provider?.close());
    beforeEach(() => {
      provider.tamper = {};
      provider.authorizeError = undefined;
      provider.idToken = true;
      behaviour.clear();
    });

    const authorize = (state = 'app-state', extra: Record<string, string> = {}) =>
      `${poolBase(server(), poolId)}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: APP_CALLBACK, scope: 'openid email profile', state, identity_provider: 'Scripted', ...extra })}`;
    /** The app's authorize request, the provider's redirect back (no page in between), and Cognate's answer to the app. */
    const run = async (state?: string) => {
      const browser = new FormBrowser();
      return followToApp(browser, await browser.get(authorize(state)));
    };

    it('signs in with client_secret_post, PKCE, a nonce, userInfo by POST, and runs the sign-in triggers', async () => {
      provider.subject = 'first-person';
      behaviour.set('pre-signup', (event) => ({ ...event, response: { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false } }));
      const back = await run('s-ok');
      const params = callbackParams(back);
      expect(params.get('state')).toBe('s-ok');
      expect(params.get('code')).toBeTruthy();

      const tokenRequest = provider.tokenRequests.at(-1)!;
      expect(tokenRequest.form.get('client_secret')).toBe('s3cret');
      expect(tokenRequest.form.get('client_id')).toBe(provider.clientId);
      expect(tokenRequest.headers.authorization).toBeUndefined();
      expect(tokenRequest.form.get('code_verifier')).toBeTruthy();
      expect(tokenRequest.form.get('redirect_uri')).toBe(`${poolBase(server(), poolId)}/oauth2/idpresponse`);
      expect(provider.userInfoRequests.at(-1)).toEqual({ method: 'POST', authorization: 'Bearer at-first-person' });

      const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Scripted_first-person' }));
      expect(user.UserStatus).toBe('EXTERNAL_PROVIDER');
      // PreSignUp's autoVerifyEmail is applied.
      expect(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value).toBe('true');
      const mine = seen.filter((e) => e.userPoolId === poolId && e.userName === 'Scripted_first-person');
      expect(mine.map((e) => e.triggerSource)).toEqual(['PreSignUp_ExternalProvider', 'PostAuthentication_Authentication']);
      expect((mine[0]!.request as { userAttributes: Record<string, string> }).userAttributes).toMatchObject({ email: 'dana@scripted.example', name: 'Dana Scripted' });

      // The code's tokens: PreTokenGeneration runs as for the hosted UI.
      const res = await fetch(`${poolBase(server(), poolId)}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: params.get('code')!, redirect_uri: APP_CALLBACK }),
      });
      const tokens = (await res.json()) as { id_token: string };
      expect(decodeJwt(tokens.id_token)['cognito:username']).toBe('Scripted_first-person');
      expect(seen.filter((e) => e.userPoolId === poolId).at(-1)!.triggerSource).toBe('TokenGeneration_HostedAuth');

      // A second sign-in: no PreSignUp, the mapped attributes written again.
      provider.claims = { ...provider.claims, name: 'Dana Renamed' };
      callbackParams(await run());
      const again = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Scripted_first-person' }));
      expect(again.UserAttributes?.find((a) => a.Name === 'name')?.Value).toBe('Dana Renamed');
      expect(seen.filter((e) => e.userPoolId === poolId && e.userName === 'Scripted_first-person' && e.triggerSource === 'PreSignUp_ExternalProvider')).toHaveLength(1);
    });

    it('sends PreSignUp_ExternalProvider refusals back to the app', async () => {
      provider.subject = 'refused-person';
      behaviour.set('pre-signup', () => {
        throw new Error('no strangers');
      });
      const params = callbackParams(await run('s-refused'));
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('error_description')).toContain('no strangers');
      expect(params.get('state')).toBe('s-refused');
      await expect(server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Scripted_refused-person' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
    });

    it("forwards the provider's error and description to the app with the app's state", async () => {
      provider.authorizeError = { error: 'access_denied', error_description: 'The user said no' };
      const params = callbackParams(await run('s-denied'));
      expect(params.get('error')).toBe('access_denied');
      expect(params.get('error_description')).toBe('The user said no');
      expect(params.get('state')).toBe('s-denied');
    });

    const refused: [string, () => void][] = [
      ['an ID token from another issuer', () => (provider.tamper = { iss: 'https://evil.example' })],
      ['an ID token for another client', () => (provider.tamper = { aud: 'another-client' })],
      ['an ID token with a wrong nonce', () => (provider.tamper = { nonce: 'replayed-nonce' })],
      ['an ID token without a nonce', () => (provider.tamper = { nonce: undefined })],
      ['an expired ID token', () => (provider.tamper = { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
      ['no ID token at all', () => (provider.idToken = false)],
    ];
    for (const [what, arrange] of refused) {
      it(`refuses ${what}: invalid_request to the app, no user`, async () => {
        provider.subject = `attacker-${what.replace(/\W+/g, '-')}`;
        arrange();
        const params = callbackParams(await run('s-attack'));
        expect(params.get('error')).toBe('invalid_request');
        expect(params.get('state')).toBe('s-attack');
        expect(params.get('code')).toBeNull();
        await expect(server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `Scripted_${provider.subject}` }))).rejects.toMatchObject({
          name: 'UserNotFoundException',
        });
      });
    }

    it('refuses a wrong, forged or foreign state with the error page, never a redirect to the app', async () => {
      const browser = new FormBrowser();
      const base = poolBase(server(), poolId);
      for (const state of ['', 'garbage', 'a.b.c.d']) {
        const res = await browser.get(`${base}/oauth2/idpresponse?code=abc&state=${encodeURIComponent(state)}`);
        expect(res.status).toBe(302);
        expect(res.location).toContain(`${base}/error?error=invalid_request`);
      }
      // A genuine pending sign-in of this pool, answered at another pool's idpresponse.
      const first = await browser.get(authorize('s-foreign'));
      const upstream = new URL(first.location!);
      const otherPool = await createPool(server());
      const res = await browser.get(`${poolBase(server(), otherPool)}/oauth2/idpresponse?code=abc&state=${encodeURIComponent(upstream.searchParams.get('state')!)}`);
      expect(res.location).toContain(`/${otherPool}/error?error=invalid_request`);
    });

    it("refuses an answer brought by a browser that did not start the sign-in (login CSRF), and the same answer twice", async () => {
      provider.subject = 'csrf-person';
      const attacker = new FormBrowser();
      const atProvider = await attacker.get((await attacker.get(authorize('s-csrf'))).location!);
      const answer = atProvider.location!;
      expect(answer).toContain('/oauth2/idpresponse?');
      const victim = new FormBrowser();
      const refused = await victim.get(answer);
      expect(refused.location).toContain(`${poolBase(server(), poolId)}/error?error=invalid_request`);
      await expect(server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Scripted_csrf-person' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
      // The browser that started it finishes it, once.
      expect(callbackParams(await attacker.get(answer)).get('code')).toBeTruthy();
      expect((await attacker.get(answer)).location).toContain('/error?error=invalid_request');
    });

    it('refuses a provider the client does not list, and one the pool does not have', async () => {
      const { UserPoolClient } = await server().cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'native-only',
          SupportedIdentityProviders: ['COGNITO'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [APP_CALLBACK],
        }),
      );
      const browser = new FormBrowser();
      const ask = (idp: string, client = UserPoolClient!.ClientId!) =>
        browser.get(`${poolBase(server(), poolId)}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: client, redirect_uri: APP_CALLBACK, state: 'x', identity_provider: idp })}`);
      expect(callbackParams(await ask('Scripted')).get('error')).toBe('unauthorized_client');
      const missing = callbackParams(await ask('Nobody', clientId));
      expect(missing.get('error')).toBe('invalid_request');
      expect(missing.get('state')).toBe('x');
      // COGNITO by name still leads to the sign-in page for a client that lists it.
      const native = await ask('COGNITO');
      expect(native.location).toContain('/login?');
    });

    it('turns an unreachable provider into an error for the app', async () => {
      const dead = await startScriptedProvider('dead');
      await dead.close();
      await addOidcProvider(server(), poolId, { name: 'Dead', issuer: dead.issuer, clientId: 'dead', method: 'GET' });
      const client = await createAppClient(server(), poolId, ['Dead']);
      const res = await new FormBrowser().get(
        `${poolBase(server(), poolId)}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: client, redirect_uri: APP_CALLBACK, state: 'd', identity_provider: 'Dead' })}`,
      );
      expect(callbackParams(res).get('error')).toBe('invalid_request');
      expect(callbackParams(res).get('state')).toBe('d');
    });

    it('signs a linked identity in as the native user it was linked to', async () => {
      await createConfirmedUser(server().cognito, poolId, 'gina', 'Passw0rd!long');
      await server().cognito.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'gina' },
          SourceUser: { ProviderName: 'Scripted', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'linked-subject' },
        }),
      );
      provider.subject = 'linked-subject';
      const code = callbackParams(await run('s-linked')).get('code')!;
      const res = await fetch(`${poolBase(server(), poolId)}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: APP_CALLBACK }),
      });
      expect(decodeJwt(((await res.json()) as { id_token: string }).id_token)['cognito:username']).toBe('gina');
      await expect(server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'Scripted_linked-subject' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
    });

    it('refuses a disabled federated user', async () => {
      provider.subject = 'first-person';
      await server().cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'Scripted_first-person' }));
      const params = callbackParams(await run('s-disabled'));
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('error_description')).toMatch(/disabled/i);
    });
  },
  { functions },
);
