import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import type { ClientSettings } from '../../src/client/index.js';
import { TokenCache, getToken, refreshTokenSet, revokeTokenSet, runGrant } from '../../src/client/index.js';
import { settingsFingerprint } from '../../src/client/settings.js';
import { setPasswordGrantAllowed } from '../../src/core/oauth/password-grant.js';
import { verifier } from '../../src/verify/index.js';
import { forEachEngine } from '../helpers/server.js';
import { DEMO, freeLoopbackCallback, scriptedBrowser, seeded, tempConfigDir } from './helpers.js';

const user = { username: DEMO.username, password: DEMO.password };

forEachEngine(
  'every grant of the token client against a live Cognate',
  (server) => {
    let issuer: string;
    let implicitClientId: string;
    let noPkceClientId: string;
    let exactLoopback: string;
    let passwordClientId: string;
    let webClient: { id: string; secret: string };
    const base = (): ClientSettings => ({ grant: 'authorization_code', issuer, clientId: DEMO.publicClientId });
    const verify = (token: string, clientId: string) => verifier({ issuer, clientId }).verify(token);

    beforeAll(async () => {
      issuer = `${server().services.settings.publicUrl}/${DEMO.poolId}`;
      const create = async (input: Record<string, unknown>) =>
        (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: DEMO.poolId, SupportedIdentityProviders: ['COGNITO'], AllowedOAuthFlowsUserPoolClient: true, ...input } as never))).UserPoolClient!;
      exactLoopback = await freeLoopbackCallback();
      implicitClientId = (await create({ ClientName: 'spa-implicit', AllowedOAuthFlows: ['implicit'], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [exactLoopback] })).ClientId!;
      noPkceClientId = (await create({ ClientName: 'no-pkce', AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [exactLoopback] })).ClientId!;
      const pw = await create({ ClientName: 'tests-password-grant', AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [DEMO.loopback] });
      passwordClientId = pw.ClientId!;
      await setPasswordGrantAllowed(server().services, passwordClientId, true);
      const web = await create({ ClientName: 'web', GenerateSecret: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [DEMO.loopback], ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      webClient = { id: web.ClientId!, secret: web.ClientSecret! };
    });

    it('gets a token with the authorization code grant and PKCE, through the loopback receiver and a browser that signs in on the form', async () => {
      let authorizeUrl = '';
      const { response } = await runGrant(
        { ...base(), scope: 'openid email' },
        { headless: false, interactive: { openBrowser: (url) => void scriptedBrowser((authorizeUrl = url), user), timeoutMs: 20_000 } },
      );
      const sent = new URL(authorizeUrl).searchParams;
      expect(sent.get('code_challenge_method')).toBe('S256');
      expect(sent.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(sent.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(response.refresh_token).toBeTruthy();
      const access = await verify(response.access_token, DEMO.publicClientId);
      expect(access.claims).toMatchObject({ username: 'demo', scope: 'openid email', token_use: 'access' });
      expect(decodeJwt(response.id_token!)).toMatchObject({ nonce: sent.get('nonce'), 'cognito:username': 'demo' });
    });

    it('runs the authorization code grant without PKCE when told to', async () => {
      let authorizeUrl = '';
      // Without PKCE the loopback callback must be registered with its port.
      const { response } = await runGrant(
        { ...base(), clientId: noPkceClientId, redirectUri: exactLoopback, pkce: false },
        { headless: false, interactive: { openBrowser: (url) => void scriptedBrowser((authorizeUrl = url), user) } },
      );
      expect(new URL(authorizeUrl).searchParams.has('code_challenge')).toBe(false);
      expect((await verify(response.access_token, noPkceClientId)).subject).toBe('demo');
    });

    it('authenticates a confidential client with the secret in a Basic header or in the body', async () => {
      for (const clientAuth of ['header', 'body'] as const) {
        const { response } = await runGrant(
          { ...base(), clientId: webClient.id, clientSecret: webClient.secret, clientAuth, redirectUri: DEMO.loopback, scope: 'openid' },
          { headless: false, interactive: { openBrowser: (url) => void scriptedBrowser(url, user) } },
        );
        expect((await verify(response.access_token, webClient.id)).claims.client_id).toBe(webClient.id);
      }
    });

    it('captures the implicit grant’s fragment with the page the listener serves', async () => {
      const { response } = await runGrant(
        { ...base(), grant: 'implicit', clientId: implicitClientId, redirectUri: exactLoopback, scope: 'openid email' },
        { headless: false, interactive: { openBrowser: (url) => void scriptedBrowser(url, user) } },
      );
      expect(response.refresh_token).toBeUndefined();
      expect(response.id_token).toBeTruthy();
      expect((await verify(response.access_token, implicitClientId)).claims.scope).toBe('openid email');
    });

    it('asks for the address the browser landed on when the callback is not a loopback one', async () => {
      let authorizeUrl = '';
      const { response } = await runGrant(
        { ...base(), redirectUri: 'https://oauth.pstmn.io/v1/callback', scope: 'openid' },
        {
          headless: false,
          interactive: {
            openBrowser: (url) => void (authorizeUrl = url),
            // The person signs in; the browser stops at Postman's callback, and they paste its address.
            readRedirect: async (prompt) => {
              expect(prompt).toContain('Paste the full address');
              return (await scriptedBrowser(authorizeUrl, user, 'https://oauth.pstmn.io/')).url;
            },
          },
        },
      );
      expect((await verify(response.access_token, DEMO.publicClientId)).subject).toBe('demo');
    });

    it('gets a machine token with the client credentials grant', async () => {
      const { response } = await runGrant({ grant: 'client_credentials', issuer, clientId: DEMO.machineClientId, clientSecret: DEMO.machineSecret, scope: 'demo-api/read' });
      const access = await verify(response.access_token, DEMO.machineClientId);
      expect(access.scopes).toEqual(['demo-api/read']);
      expect(response.refresh_token).toBeUndefined();
    });

    it('signs in with the password grant: the token endpoint’s, and Cognito’s USER_PASSWORD_AUTH and USER_SRP_AUTH', async () => {
      const oauth = await runGrant({ grant: 'password', issuer, clientId: passwordClientId, passwordFlow: 'oauth', scope: 'openid', ...user });
      expect(oauth.source).toBe('oauth');
      expect((await verify(oauth.response.access_token, passwordClientId)).claims.scope).toBe('openid');
      for (const passwordFlow of ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH'] as const) {
        const cognito = await runGrant({ grant: 'password', issuer, clientId: webClient.id, clientSecret: webClient.secret, passwordFlow, ...user });
        expect(cognito.source).toBe('cognito');
        const access = await verify(cognito.response.access_token, webClient.id);
        expect(access.claims).toMatchObject({ username: 'demo', scope: 'aws.cognito.signin.user.admin' });
        expect(access.groups).toEqual(['admins']);
      }
      await expect(runGrant({ grant: 'password', issuer, clientId: DEMO.publicClientId, username: 'demo', password: 'wrong-Passw0rd' })).rejects.toMatchObject({
        kind: 'cognito',
        code: 'NotAuthorizedException',
      });
    });

    it('refreshes with the refresh_token grant, and Cognito’s REFRESH_TOKEN_AUTH for tokens from InitiateAuth', async () => {
      const dir = tempConfigDir();
      const cache = new TokenCache(dir);
      const first = await getToken({ grant: 'password', issuer, clientId: webClient.id, clientSecret: webClient.secret, ...user }, { cache });
      const refreshed = await getToken({ grant: 'refresh_token', issuer, clientId: webClient.id, clientSecret: webClient.secret, refreshToken: first.tokens.refresh_token }, { cache: false });
      expect(refreshed.from).toBe('refresh');
      expect(decodeJwt(refreshed.tokens.access_token).origin_jti).toBe(decodeJwt(first.tokens.access_token).origin_jti);

      const code = await runGrant({ ...base(), scope: 'openid' }, { headless: false, interactive: { openBrowser: (url) => void scriptedBrowser(url, user) } });
      const viaOauth = await getToken({ ...base(), grant: 'refresh_token', refreshToken: code.response.refresh_token }, { cache: false });
      expect(viaOauth.tokens.refresh_token).toBe(code.response.refresh_token);
      expect(decodeJwt(viaOauth.tokens.access_token)).toMatchObject({ scope: 'openid', origin_jti: decodeJwt(code.response.access_token).origin_jti });
    });

    it('revokes refresh tokens where they were issued: the revocation endpoint, or Cognito’s RevokeToken', async () => {
      const oauth = await getToken({ ...base(), scope: 'openid', redirectUri: DEMO.loopback, ...user }, { cache: false });
      const cognito = await getToken({ grant: 'password', issuer, clientId: webClient.id, clientSecret: webClient.secret, ...user }, { cache: false });
      for (const [settings, tokens] of [
        [{ ...base(), scope: 'openid' }, oauth.tokens],
        [{ grant: 'password', issuer, clientId: webClient.id, clientSecret: webClient.secret } as ClientSettings, cognito.tokens],
      ] as const) {
        expect(await revokeTokenSet(settings, tokens)).toBe(true);
        await expect(refreshTokenSet(settings, tokens)).rejects.toMatchObject({ message: expect.stringContaining('revoked') });
      }
    });

    it('reuses a cached token until it nearly expires, then refreshes it', async () => {
      const cache = new TokenCache(tempConfigDir());
      const settings: ClientSettings = { ...base(), scope: 'openid', ...user };
      const first = await getToken(settings, { cache, profile: 'ci' });
      expect(first.from).toBe('grant');
      const second = await getToken(settings, { cache, profile: 'ci' });
      expect(second).toMatchObject({ from: 'cache', tokens: { access_token: first.tokens.access_token } });

      // Within the margin of expiry: refreshed, with the same refresh token kept.
      await cache.write('ci', settingsFingerprint(settings), { ...first.tokens, expires_at: Math.floor(Date.now() / 1000) + 30 });
      const third = await getToken(settings, { cache, profile: 'ci' });
      expect(third.from).toBe('refresh');
      expect(third.tokens.access_token).not.toBe(first.tokens.access_token);
      expect(third.tokens.refresh_token).toBe(first.tokens.refresh_token);
      expect(decodeJwt(third.tokens.access_token).origin_jti).toBe(decodeJwt(first.tokens.access_token).origin_jti);
      expect((await getToken(settings, { cache, profile: 'ci' })).from).toBe('cache');

      // Other settings (another scope) never get this profile's tokens.
      expect((await getToken({ ...settings, scope: 'openid email' }, { cache, profile: 'ci' })).from).toBe('grant');
    });

    it('reports a denied sign-in, an OAuth error and a browser that never comes back', async () => {
      const deny = (url: string) => {
        const u = new URL(url);
        void fetch(`${u.searchParams.get('redirect_uri')}?error=access_denied&error_description=User+said+no&state=${u.searchParams.get('state')}`);
      };
      await expect(runGrant(base(), { headless: false, interactive: { openBrowser: deny } })).rejects.toMatchObject({ kind: 'denied', message: expect.stringContaining('User said no') });
      await expect(runGrant({ ...base(), scope: 'nonsense/scope' }, { headless: false, interactive: { openBrowser: (url) => void scriptedBrowser(url, user) } })).rejects.toMatchObject({
        kind: 'oauth',
        code: 'invalid_scope',
      });
      await expect(runGrant(base(), { headless: false, interactive: { openBrowser: () => undefined, timeoutMs: 200 } })).rejects.toMatchObject({
        kind: 'timeout',
        message: expect.stringContaining('timed out'),
      });
    });
  },
  seeded,
);
