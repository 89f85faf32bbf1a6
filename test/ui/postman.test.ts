import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { applySeedFile } from '../../src/api/seed.js';
import { forEachEngine } from '../helpers/server.js';
import { errorsOf, FormBrowser } from './form-client.js';

/**
 * The walkthrough's Postman settings against the demo seed (`npm start`): Grant Type "Authorization
 * Code", "Authorize using browser" (callback https://oauth.pstmn.io/v1/callback), Auth URL = domain +
 * /login, Access Token URL = domain + /oauth2/token, Client ID of the public client, Client
 * Authentication "Send client credentials in body", no scope and no state typed in.
 */
const POOL = 'us-east-1_DemoPool1';
const CLIENT_ID = 'postmandemoclient000000001';
const POSTMAN_CALLBACK = 'https://oauth.pstmn.io/v1/callback';

forEachEngine(
  'Postman’s “Get New Access Token” with the walkthrough’s settings',
  (server) => {
    const domainHost = () => `walkthrough.auth.localhost:${server().port}`;
    const origin = () => `http://127.0.0.1:${server().port}`;

    it('signs in at the domain’s /login, is sent to the Postman callback with a code, and exchanges it in the body', async () => {
      // The browser Postman opens talks to the pool's domain (its Host header), as a browser resolving *.localhost would.
      const browser = new FormBrowser(undefined, domainHost());
      const authUrl = `${origin()}/login?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: POSTMAN_CALLBACK, scope: '', state: '' })}`;
      const page = await browser.get(authUrl);
      expect(page.status).toBe(200);
      const wrong = await browser.submit(page, 'cognitoSignInForm', { username: 'demo', password: 'not-it' });
      expect(errorsOf(wrong.body)).toEqual(['Incorrect username or password.']);
      const done = await browser.submit(page, 'cognitoSignInForm', { username: 'demo', password: 'Passw0rd!' });
      expect(done.status).toBe(303);
      // Captured, not followed: Postman reads the code from this URL.
      expect(done.location!.startsWith(`${POSTMAN_CALLBACK}?code=`)).toBe(true);
      const code = new URL(done.location!).searchParams.get('code')!;
      expect(browser.cookies.get('cognito')).toBeTruthy();

      const tokenResponse = await new FormBrowser(undefined, domainHost()).request(`${origin()}/oauth2/token`, {
        method: 'POST',
        form: { grant_type: 'authorization_code', code, redirect_uri: POSTMAN_CALLBACK, client_id: CLIENT_ID },
        headers: { accept: 'application/json' },
      });
      expect(tokenResponse.status).toBe(200);
      const tokens = JSON.parse(tokenResponse.body) as Record<string, string>;
      expect(tokens.token_type).toBe('Bearer');
      expect(decodeJwt(tokens.access_token!)).toMatchObject({ client_id: CLIENT_ID, username: 'demo', token_use: 'access' });
      expect(decodeJwt(tokens.id_token!)).toMatchObject({ aud: CLIENT_ID, 'cognito:username': 'demo', email: 'demo@example.com' });
      expect(tokens.refresh_token).toBeTruthy();
    });

    it('works the same at the path form the discovery document advertises', async () => {
      const browser = new FormBrowser();
      const base = `${server().services.settings.publicUrl}/${POOL}`;
      const page = await browser.get(`${base}/login?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: POSTMAN_CALLBACK })}`);
      const done = await browser.submit(page, 'cognitoSignInForm', { username: 'DEMO', password: 'Passw0rd!' });
      const code = new URL(done.location!).searchParams.get('code')!;
      const res = await fetch(`${base}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: POSTMAN_CALLBACK, client_id: CLIENT_ID }),
      });
      expect(res.status).toBe(200);
    });
  },
  { beforeListen: async (services) => void (await applySeedFile(services, 'examples/seed.yaml')) },
);
