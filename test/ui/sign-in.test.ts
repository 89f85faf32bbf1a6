import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
  AdminSetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import * as usersRepo from '../../src/store/users.js';
import { forEachEngine } from '../helpers/server.js';
import { errorsOf, FormBrowser, formsOf } from './form-client.js';
import type { UiFixture } from './fixture.js';
import { callbackQuery, createUiFixture, createUser, exchangeCode, lastCode, PASSWORD } from './fixture.js';

const STEP_MS = 30_000;
// Moves only when a test moves it: TOTP steps and lockouts never roll over under a test's feet.
const clock = new ManualClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000);
const appCode = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now() + steps * STEP_MS });
const SMS = { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } };

forEachEngine(
  'the hosted sign-in pages',
  (server) => {
    let fx: UiFixture;
    beforeAll(async () => {
      fx = await createUiFixture(server(), { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: false, Mutable: true }] });
      await createUser(server(), fx.poolId, 'alice', [
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]);
    });

    describe('the sign-in form', () => {
      it('renders the contract form with a CSRF token cookie of 256 random bits', async () => {
        const browser = new FormBrowser();
        const page = await browser.get(fx.loginUrl());
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const form = formsOf(page.body).find((f) => f.name === 'cognitoSignInForm')!;
        expect(form.method).toBe('post');
        expect(form.action).toBe(`/${fx.poolId}/login?${new URL(fx.loginUrl()).search.slice(1)}`);
        expect(Object.keys(form.fields)).toEqual(['_csrf', 'cognitoAsfData', 'username', 'password']);
        expect(page.body).toContain('id="signInFormUsername"');
        expect(page.body).toContain('id="signInFormPassword"');
        expect(page.body).toMatch(/<button type="submit" name="signInSubmitButton"/);
        const token = browser.cookies.get('XSRF-TOKEN')!;
        expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
        expect(form.fields._csrf).toBe(token);
        const setCookie = page.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))!;
        expect(setCookie).toContain('SameSite=Lax');
        expect(setCookie).toContain(`Path=/${fx.poolId}`);
      });

      it('signs in, sets the SSO cookie and answers 303 with a code that the token endpoint exchanges with PKCE', async () => {
        const browser = new FormBrowser();
        const done = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
        expect(done.status).toBe(303);
        const query = callbackQuery(done.location);
        expect(query.get('state')).toBe('st-42');
        const sso = done.headers.getSetCookie().find((c) => c.startsWith('cognito='))!;
        expect(sso).toMatch(/HttpOnly/);
        expect(sso).toMatch(/SameSite=Lax/);
        const tokens = await exchangeCode(fx, query.get('code')!);
        expect(tokens.status).toBe(200);
        expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ 'cognito:username': 'alice', nonce: 'n-42', aud: fx.clientId });
        expect(decodeJwt(tokens.body.access_token as string)).toMatchObject({ scope: 'openid email', username: 'alice' });

        // The SSO session now answers /oauth2/authorize without the form.
        const again = await browser.get(`${fx.base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams({ state: 'second' }))}`);
        expect(callbackQuery(again.location).get('state')).toBe('second');
      });

      it('returns tokens in the fragment for the implicit grant', async () => {
        const browser = new FormBrowser();
        const page = await browser.get(fx.loginUrl({ response_type: 'token', code_challenge: null, code_challenge_method: null }));
        const done = await browser.submit(page, 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
        expect(done.status).toBe(303);
        const fragment = new URLSearchParams(new URL(done.location!).hash.slice(1));
        expect(decodeJwt(fragment.get('id_token')!)).toMatchObject({ nonce: 'n-42' });
        expect(fragment.get('refresh_token')).toBeNull();
      });

      it('signs in by a verified e-mail alias as the API does', async () => {
        const aliasFx = await createUiFixture(server(), { AliasAttributes: ['email'] });
        await createUser(server(), aliasFx.poolId, 'bob', [
          { Name: 'email', Value: 'bob@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ]);
        const browser = new FormBrowser();
        const done = await browser.submit(await browser.get(aliasFx.loginUrl()), 'cognitoSignInForm', { username: 'bob@example.com', password: PASSWORD });
        expect(callbackQuery(done.location).get('code')).toBeTruthy();
      });

      it('re-renders the form with Cognito’s message for a wrong password, keeping the username', async () => {
        const browser = new FormBrowser();
        const page = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'alice', password: 'Wrong0rd!' });
        expect(page.status).toBe(200);
        expect(errorsOf(page.body)).toEqual(['Incorrect username or password.']);
        expect(formsOf(page.body)[0]!.fields.username).toBe('alice');
        expect(browser.cookies.has('cognito')).toBe(false);
      });

      it('words an unknown user by the client’s PreventUserExistenceErrors setting', async () => {
        const browser = new FormBrowser();
        const legacy = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'nobody', password: PASSWORD });
        expect(errorsOf(legacy.body)).toEqual(['User does not exist.']);

        const hiding = await createUiFixture(server(), {}, { PreventUserExistenceErrors: 'ENABLED' });
        const hidden = await browser.submit(await browser.get(hiding.loginUrl()), 'cognitoSignInForm', { username: 'nobody', password: PASSWORD });
        expect(errorsOf(hidden.body)).toEqual(['Incorrect username or password.']);
      });

      it('tells an unconfirmed user so (before looking at the password) and links to the confirmation page', async () => {
        await server().cognito.send(
          new SignUpCommand({ ClientId: fx.clientId, Username: 'carol', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }] }),
        );
        const browser = new FormBrowser();
        const page = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'carol', password: 'Wrong0rd!' });
        expect(errorsOf(page.body)).toEqual(['User is not confirmed.']);
        expect(page.body).toContain(`/${fx.poolId}/confirm?`);
        expect(page.body).toContain('username=carol');
      });

      it('tells a disabled user so', async () => {
        await createUser(server(), fx.poolId, 'dave');
        await server().cognito.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: 'dave' }));
        const browser = new FormBrowser();
        const page = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'dave', password: PASSWORD });
        expect(errorsOf(page.body)).toEqual(['User is disabled.']);
      });

      it('locks the user out after 5 wrong passwords, even with the right one, as the API does', async () => {
        await createUser(server(), fx.poolId, 'erin');
        const browser = new FormBrowser();
        let page = await browser.get(fx.loginUrl());
        for (let i = 0; i < 5; i++) {
          page = await browser.submit(page, 'cognitoSignInForm', { username: 'erin', password: 'Wrong0rd!' });
          expect(errorsOf(page.body)).toEqual(['Incorrect username or password.']);
        }
        page = await browser.submit(page, 'cognitoSignInForm', { username: 'erin', password: PASSWORD });
        expect(errorsOf(page.body)).toEqual(['Password attempts exceeded']);
        clock.advance(1_000);
        const done = await browser.submit(page, 'cognitoSignInForm', { username: 'erin', password: PASSWORD });
        expect(done.status).toBe(303);
      });
    });

    describe('security', () => {
      it('refuses a POST whose _csrf does not match the XSRF-TOKEN cookie, or has no cookie', async () => {
        const browser = new FormBrowser();
        const page = await browser.get(fx.loginUrl());
        const forged = await browser.submit(page, 'cognitoSignInForm', { username: 'alice', password: PASSWORD, _csrf: 'A'.repeat(43) });
        expect(forged.status).toBe(403);
        expect(forged.location).toBeUndefined();
        const stranger = new FormBrowser();
        const noCookie = await stranger.submit(page, 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
        expect(noCookie.status).toBe(403);
        expect(stranger.cookies.has('cognito')).toBe(false);
      });

      it('escapes what the request reflects: a state or username carrying markup never comes back raw', async () => {
        const browser = new FormBrowser();
        const attack = '"><script>alert(1)</script>';
        const raw = `${fx.base}/login?response_type=code&client_id=${fx.clientId}&redirect_uri=${encodeURIComponent('https://app.example/callback')}&state=${attack}`;
        const page = await browser.get(raw);
        expect(page.status).toBe(200);
        expect(page.body).not.toContain('<script>');
        expect(page.body).toContain('state=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
        const again = await browser.submit(page, 'cognitoSignInForm', { username: attack, password: 'x' });
        expect(again.body).not.toContain('<script>');
        expect(again.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
      });

      it('shows the error page, never a redirect, for an unknown client or an unregistered redirect URI', async () => {
        const browser = new FormBrowser();
        const cases: Record<string, string>[] = [{ client_id: '<script>alert(1)</script>' }, { client_id: 'nosuchclient0000000000000a' }, { redirect_uri: 'https://evil.example/cb' }];
        for (const params of cases) {
          const page = await browser.get(fx.loginUrl(params));
          expect(page.status).toBe(400);
          expect(page.location).toBeUndefined();
          expect(page.body).toContain('An error was encountered with the requested page');
          expect(page.body).toContain('redirect_mismatch');
          expect(page.body).not.toContain('<script>');
        }
      });

      it('sends errors about other parameters back to the registered redirect URI', async () => {
        const page = await new FormBrowser().get(fx.loginUrl({ scope: 'openid nosuch/scope' }));
        expect(page.status).toBe(302);
        expect(callbackQuery(page.location).get('error')).toBe('invalid_scope');
      });

      it('sends a CSP that forbids framing and third-party resources, and no referrer', async () => {
        const page = await new FormBrowser().get(fx.loginUrl());
        const csp = page.headers.get('content-security-policy')!;
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("default-src 'none'");
        expect(csp).not.toMatch(/https?:|\*/);
        expect(page.headers.get('referrer-policy')).toBe('no-referrer');
        expect(page.headers.get('x-frame-options')).toBe('DENY');
        expect(page.headers.get('cache-control')).toBe('no-store');
        // Every resource the page loads is its own.
        for (const m of page.body.matchAll(/(?:href|src)="([^"]+)"/g)) expect(m[1]!.startsWith('/')).toBe(true);
        const css = await new FormBrowser().get(`${fx.base}/ui/hosted.css`);
        expect(css.status).toBe(200);
        expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      });
    });

    describe('sign-out', () => {
      it('ends the session with logout_uri, and sends the browser back to the form with redirect_uri', async () => {
        const browser = new FormBrowser();
        await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
        expect(browser.cookies.has('cognito')).toBe(true);
        const out = await browser.get(`${fx.base}/logout?client_id=${fx.clientId}&logout_uri=${encodeURIComponent('https://app.example/signed-out')}`);
        expect(out.location).toBe('https://app.example/signed-out');
        expect(browser.cookies.has('cognito')).toBe(false);
        const authorize = await browser.follow(await browser.get(`${fx.base}/oauth2/authorize?${new URLSearchParams(fx.authorizeParams())}`));
        expect(formsOf(authorize.body).map((f) => f.name)).toContain('cognitoSignInForm');

        await browser.submit(authorize, 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
        const relogin = await browser.get(`${fx.base}/logout?client_id=${fx.clientId}&redirect_uri=${encodeURIComponent('https://app.example/callback')}&response_type=code&state=back`);
        expect(relogin.location).toContain(`/${fx.poolId}/login?`);
        const form = await browser.follow(relogin);
        const done = await browser.submit(form, 'cognitoSignInForm', { username: 'alice', password: PASSWORD });
        expect(callbackQuery(done.location).get('state')).toBe('back');
      });
    });

    describe('new password required', () => {
      it('asks a user with a temporary password for a new one and the required attributes they lack', async () => {
        const strict = await createUiFixture(server(), {
          Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }],
        });
        await createUser(server(), strict.poolId, 'frank', [{ Name: 'name', Value: 'Frank' }], { temporary: true });
        const browser = new FormBrowser();
        const next = await browser.submit(await browser.get(strict.loginUrl()), 'cognitoSignInForm', { username: 'frank', password: PASSWORD });
        expect(next.status).toBe(303);
        expect(next.location).toContain(`/${strict.poolId}/newPassword?`);
        const page = await browser.follow(next);
        const form = formsOf(page.body).find((f) => f.name === 'newPasswordForm')!;
        expect(Object.keys(form.fields)).toEqual(['_csrf', 'newPassword', 'confirmPassword']);

        const mismatch = await browser.submit(page, 'newPasswordForm', { newPassword: 'N3w-passw0rd!', confirmPassword: 'other' });
        expect(errorsOf(mismatch.body)).toEqual(['The passwords do not match.']);
        const weak = await browser.submit(page, 'newPasswordForm', { newPassword: 'short', confirmPassword: 'short' });
        expect(errorsOf(weak.body)[0]).toMatch(/^Password did not conform with policy/);
        const done = await browser.submit(page, 'newPasswordForm', { newPassword: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!' });
        expect(callbackQuery(done.location).get('code')).toBeTruthy();
        expect(browser.cookies.has('cognate-signin')).toBe(false);
      });

      it('renders one requiredAttributes[<name>] input per missing required attribute and stores what is typed', async () => {
        const strict = await createUiFixture(server(), { Schema: [{ Name: 'family_name', AttributeDataType: 'String', Required: true, Mutable: true }] });
        await createUser(server(), strict.poolId, 'gina', [{ Name: 'family_name', Value: 'G' }], { temporary: true });
        // Cognito lets users with a temporary password lack required attributes (imported users, for
        // one); AdminCreateUser here insists on them, so the attribute is removed behind its back.
        await usersRepo.deleteAttributes(server().services.store.db, strict.poolId, 'gina', ['family_name']);
        const browser = new FormBrowser();
        const page = await browser.follow(await browser.submit(await browser.get(strict.loginUrl()), 'cognitoSignInForm', { username: 'gina', password: PASSWORD }));
        const form = formsOf(page.body).find((f) => f.name === 'newPasswordForm')!;
        expect(Object.keys(form.fields)).toEqual(['_csrf', 'newPassword', 'confirmPassword', 'requiredAttributes[family_name]']);
        const missing = await browser.submit(page, 'newPasswordForm', { newPassword: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!' });
        expect(errorsOf(missing.body)).toEqual(['Invalid attributes given, family_name is missing']);
        const done = await browser.submit(page, 'newPasswordForm', { newPassword: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!', 'requiredAttributes[family_name]': 'Garcia' });
        const tokens = await exchangeCode(strict, callbackQuery(done.location).get('code')!);
        expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ family_name: 'Garcia' });
        const after = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: strict.poolId, Username: 'gina' }));
        expect(after.UserStatus).toBe('CONFIRMED');
      });
    });

    describe('MFA', () => {
      it('sets up an authenticator on first sign-in when MFA is required (QR code and secret), then asks for its codes', async () => {
        const mfa = await createUiFixture(server());
        await server().cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfa.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
        await createUser(server(), mfa.poolId, 'hank');
        const browser = new FormBrowser();
        const next = await browser.submit(await browser.get(mfa.loginUrl()), 'cognitoSignInForm', { username: 'hank', password: PASSWORD });
        expect(next.location).toContain(`/${mfa.poolId}/mfaSetup?`);
        const page = await browser.follow(next);
        const secret = /data-secret="([A-Z2-7]+)"/.exec(page.body)![1]!;
        expect(secret).toHaveLength(32);
        expect(page.body).toMatch(/<svg [^>]*viewBox/);
        expect(Object.keys(formsOf(page.body).find((f) => f.name === 'mfaSetupForm')!.fields)).toEqual(['_csrf', 'code', 'deviceName']);
        // The same secret on a second view: the page does not re-associate.
        expect((await browser.get(page.url)).body).toContain(`data-secret="${secret}"`);

        const wrong = await browser.submit(page, 'mfaSetupForm', { code: '000000' === appCode(secret) ? '111111' : '000000' });
        expect(errorsOf(wrong.body)).toEqual(['Code mismatch and fail enable Software Token MFA']);
        expect(wrong.body).toContain(`data-secret="${secret}"`);
        const done = await browser.submit(page, 'mfaSetupForm', { code: appCode(secret), deviceName: 'Phone' });
        expect(callbackQuery(done.location).get('code')).toBeTruthy();

        const second = new FormBrowser();
        const challenge = await second.follow(await second.submit(await second.get(mfa.loginUrl()), 'cognitoSignInForm', { username: 'hank', password: PASSWORD }));
        expect(challenge.url).toContain('/mfa?');
        expect(challenge.body).toContain('(Phone)');
        expect(Object.keys(formsOf(challenge.body).find((f) => f.name === 'mfaForm')!.fields)).toEqual(['_csrf', 'code']);
        const used = await second.submit(challenge, 'mfaForm', { code: appCode(secret) });
        expect(errorsOf(used.body)).toEqual(['Your software token has already been used once.']);
        const ok = await second.submit(challenge, 'mfaForm', { code: appCode(secret, 1) });
        expect(callbackQuery(ok.location).get('state')).toBe('st-42');
      });

      it('lets the user choose between factors, then takes the SMS code from the outbox', async () => {
        const mfa = await createUiFixture(server(), {}, { ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
        await server().cognito.send(
          new SetUserPoolMfaConfigCommand({ UserPoolId: mfa.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, SmsMfaConfiguration: SMS }),
        );
        await createUser(server(), mfa.poolId, 'ivy', [
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'phone_number_verified', Value: 'true' },
        ]);
        // An authenticator, set up through the API while the user has no MFA yet, and SMS: two factors, no preference.
        const signedIn = await server().cognito.send(
          new AdminInitiateAuthCommand({ UserPoolId: mfa.poolId, ClientId: mfa.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ivy', PASSWORD } }),
        );
        const accessToken = signedIn.AuthenticationResult!.AccessToken!;
        const { SecretCode } = await server().cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
        await server().cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: appCode(SecretCode!) }));
        await server().cognito.send(
          new AdminSetUserMFAPreferenceCommand({ UserPoolId: mfa.poolId, Username: 'ivy', SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true } }),
        );

        const browser = new FormBrowser();
        const choice = await browser.follow(await browser.submit(await browser.get(mfa.loginUrl()), 'cognitoSignInForm', { username: 'ivy', password: PASSWORD }));
        const form = formsOf(choice.body).find((f) => f.name === 'selectMfaForm')!;
        expect(Object.keys(form.fields)).toEqual(['_csrf', 'mfaType']);
        expect([...choice.body.matchAll(/name="mfaType" value="([A-Z_]+)"/g)].map((m) => m[1]).sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
        const codePage = await browser.follow(await browser.submit(choice, 'selectMfaForm', { mfaType: 'SMS_MFA' }));
        expect(codePage.url).toContain('/mfa?');
        expect(codePage.body).toContain('+*******0100');
        const wrong = await browser.submit(codePage, 'mfaForm', { code: '000000' });
        expect(errorsOf(wrong.body)).toEqual(['Invalid code or auth state for the user.']);
        const done = await browser.submit(codePage, 'mfaForm', { code: await lastCode(server(), mfa.poolId, 'ivy') });
        expect(callbackQuery(done.location).get('code')).toBeTruthy();
      });

      it('sends a browser without a sign-in in progress from a challenge page back to the form', async () => {
        const browser = new FormBrowser();
        const page = await browser.get(fx.loginUrl().replace('/login?', '/mfa?'));
        expect(page.status).toBe(302);
        expect(page.location).toContain(`/${fx.poolId}/login?`);
        const forged = new FormBrowser();
        forged.cookies.set('cognate-signin', 'v1.forged.value');
        expect((await forged.get(fx.loginUrl().replace('/login?', '/mfa?'))).status).toBe(302);
      });
    });

    describe('client settings', () => {
      it('keeps working for a client whose settings changed between pages', async () => {
        const other = await createUiFixture(server());
        await createUser(server(), other.poolId, 'jack');
        const browser = new FormBrowser();
        const page = await browser.get(other.loginUrl());
        await server().cognito.send(
          new UpdateUserPoolClientCommand({
            UserPoolId: other.poolId,
            ClientId: other.clientId,
            SupportedIdentityProviders: ['COGNITO'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['openid'],
            CallbackURLs: ['https://app.example/callback'],
          }),
        );
        const done = await browser.submit(page, 'cognitoSignInForm', { username: 'jack', password: PASSWORD });
        expect(decodeJwt((await exchangeCode(other, callbackQuery(done.location).get('code')!)).body.access_token as string).scope).toBe('openid');
      });
    });
  },
  { clock },
);
