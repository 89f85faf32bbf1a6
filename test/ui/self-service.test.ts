import { AdminGetUserCommand, CreateUserPoolClientCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { forEachEngine } from '../helpers/server.js';
import { errorsOf, FormBrowser, formsOf, unescapeHtml } from './form-client.js';
import type { UiFixture } from './fixture.js';
import { CALLBACK, callbackQuery, createUiFixture, createUser, exchangeCode, lastCode, PASSWORD } from './fixture.js';

forEachEngine('the hosted self-service pages', (server) => {
  let fx: UiFixture;
  beforeAll(async () => {
    fx = await createUiFixture(server(), {
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
    });
  });

  describe('sign-up', () => {
    it('is linked from the sign-in page with the same query string', async () => {
      const page = await new FormBrowser().get(fx.loginUrl());
      expect(page.body).toContain(`href="/${fx.poolId}/signup?${new URL(fx.loginUrl()).search.slice(1).replaceAll('&', '&amp;')}"`);
    });

    it('signs up, confirms with the code from the outbox and goes straight on to the client', async () => {
      const browser = new FormBrowser();
      const page = await browser.get(`${fx.base}/signup?${new URLSearchParams(fx.authorizeParams())}`);
      const form = formsOf(page.body).find((f) => f.name === 'cognitoSignUpForm')!;
      expect(Object.keys(form.fields)).toEqual(['_csrf', 'username', 'requiredAttributes[email]', 'password']);
      const next = await browser.submit(page, 'cognitoSignUpForm', { username: 'kate', 'requiredAttributes[email]': 'kate@example.com', password: PASSWORD });
      expect(next.status).toBe(303);
      expect(next.location).toContain(`/${fx.poolId}/confirm?`);
      expect(new URL(next.location!).searchParams.get('username')).toBe('kate');
      const confirm = await browser.follow(next);
      const wrong = await browser.submit(confirm, 'confirmForm', { code: '000000' === (await lastCode(server(), fx.poolId, 'kate')) ? '111111' : '000000' });
      expect(errorsOf(wrong.body)).toEqual(['Invalid verification code provided, please try again.']);
      const done = await browser.submit(confirm, 'confirmForm', { code: await lastCode(server(), fx.poolId, 'kate') });
      expect(done.status).toBe(303);
      const tokens = await exchangeCode(fx, callbackQuery(done.location).get('code')!);
      expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ 'cognito:username': 'kate', email: 'kate@example.com', email_verified: true });
      const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: 'kate' }));
      expect(user.UserStatus).toBe('CONFIRMED');
    });

    it('sends a browser that did not sign up to the sign-in form after confirming', async () => {
      await server().cognito.send(
        new SignUpCommand({ ClientId: fx.clientId, Username: 'liam', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'liam@example.com' }] }),
      );
      const browser = new FormBrowser();
      const page = await browser.get(`${fx.base}/confirm?${new URLSearchParams({ ...fx.authorizeParams(), username: 'liam' })}`);
      const done = await browser.submit(page, 'confirmForm', { code: await lastCode(server(), fx.poolId, 'liam') });
      expect(done.status).toBe(303);
      expect(done.location).toBe(fx.loginUrl());
      const signIn = await browser.submit(await browser.follow(done), 'cognitoSignInForm', { username: 'liam', password: PASSWORD });
      expect(callbackQuery(signIn.location).get('code')).toBeTruthy();
    });

    it('sends a new code on request; the earlier one stops working', async () => {
      await server().cognito.send(
        new SignUpCommand({ ClientId: fx.clientId, Username: 'mia', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'mia@example.com' }] }),
      );
      const browser = new FormBrowser();
      const page = await browser.get(`${fx.base}/confirm?${new URLSearchParams({ ...fx.authorizeParams(), username: 'mia' })}`);
      const first = await lastCode(server(), fx.poolId, 'mia');
      const resent = await browser.submit(page, 'resendCodeForm');
      expect(resent.status).toBe(303);
      expect(await listOutbox(server().services, { poolId: fx.poolId, username: 'mia' })).toHaveLength(2);
      const second = await lastCode(server(), fx.poolId, 'mia');
      if (first !== second) {
        const stale = await browser.submit(page, 'confirmForm', { code: first });
        expect(errorsOf(stale.body)).toHaveLength(1);
      }
      expect((await browser.submit(page, 'confirmForm', { code: second })).status).toBe(303);
    });

    it('shows Cognito’s messages for a taken username and a weak password, keeping what was typed', async () => {
      const browser = new FormBrowser();
      const page = await browser.get(`${fx.base}/signup?${new URLSearchParams(fx.authorizeParams())}`);
      const weak = await browser.submit(page, 'cognitoSignUpForm', { username: 'nora', 'requiredAttributes[email]': 'nora@example.com', password: 'short' });
      expect(errorsOf(weak.body)[0]).toMatch(/^Password did not conform with policy/);
      expect(formsOf(weak.body)[0]!.fields['requiredAttributes[email]']).toBe('nora@example.com');
      expect(formsOf(weak.body)[0]!.fields.password).toBe('');
      await browser.submit(page, 'cognitoSignUpForm', { username: 'nora', 'requiredAttributes[email]': 'nora@example.com', password: PASSWORD });
      const taken = await browser.submit(page, 'cognitoSignUpForm', { username: 'nora', 'requiredAttributes[email]': 'nora2@example.com', password: PASSWORD });
      expect(errorsOf(taken.body)).toEqual(['User already exists']);
    });

    it('refuses sign-up where only administrators create users, and hides the link', async () => {
      const closed = await createUiFixture(server(), { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
      const login = await new FormBrowser().get(closed.loginUrl());
      expect(login.body).not.toContain('/signup?');
      const page = await new FormBrowser().get(`${closed.base}/signup?${new URLSearchParams(closed.authorizeParams())}`);
      expect(page.status).toBe(403);
      expect(errorsOf(page.body)).toEqual(['SignUp is not permitted for this user pool']);
    });

    it('signs a confidential client’s requests with its secret', async () => {
      const { UserPoolClient } = await server().cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: fx.poolId,
          ClientName: 'confidential',
          GenerateSecret: true,
          SupportedIdentityProviders: ['COGNITO'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [CALLBACK],
        }),
      );
      const browser = new FormBrowser();
      const query = new URLSearchParams({ response_type: 'code', client_id: UserPoolClient!.ClientId!, redirect_uri: CALLBACK, scope: 'openid' });
      const next = await browser.submit(await browser.get(`${fx.base}/signup?${query}`), 'cognitoSignUpForm', {
        username: 'olga',
        'requiredAttributes[email]': 'olga@example.com',
        password: PASSWORD,
      });
      expect(next.location).toContain('/confirm?');
    });
  });

  describe('the confirmation link', () => {
    it('confirms the user with the link of a CONFIRM_WITH_LINK message, which points at this server under the pool', async () => {
      const linked = await createUiFixture(server(), {
        AutoVerifiedAttributes: ['email'],
        VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK' },
      });
      await server().cognito.send(
        new SignUpCommand({ ClientId: linked.clientId, Username: 'pete', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'pete@example.com' }] }),
      );
      const message = (await listOutbox(server().services, { poolId: linked.poolId, username: 'pete' })).at(-1)!;
      const link = unescapeHtml(/href="([^"]+)"/.exec(message.body)![1]!);
      expect(link.startsWith(`${linked.base}/confirmUser?`)).toBe(true);
      const bad = new URL(link);
      bad.searchParams.set('confirmation_code', '000000x');
      expect((await new FormBrowser().get(bad.toString())).status).toBe(400);
      const page = await new FormBrowser().get(link);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Your registration has been confirmed!');
      expect((await server().cognito.send(new AdminGetUserCommand({ UserPoolId: linked.poolId, Username: 'pete' }))).UserStatus).toBe('CONFIRMED');
      const again = await new FormBrowser().get(link);
      expect(errorsOf(again.body)).toEqual(['User cannot be confirmed. Current status is CONFIRMED']);
    });

    it('shows the error page for a client of another pool', async () => {
      const other = await createUiFixture(server());
      const page = await new FormBrowser().get(`${fx.base}/confirmUser?client_id=${other.clientId}&user_name=x&confirmation_code=1`);
      expect(page.status).toBe(400);
      expect(page.body).toContain('An error was encountered with the requested page');
    });
  });

  describe('forgotten password', () => {
    it('sends a reset code, takes it with a new password at /confirmforgotPassword, and the new password signs in', async () => {
      await createUser(server(), fx.poolId, 'quinn', [
        { Name: 'email', Value: 'quinn@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]);
      const browser = new FormBrowser();
      const login = await browser.get(fx.loginUrl());
      const forgotLink = /href="([^"]*\/forgotPassword\?[^"]*)"/.exec(login.body)![1]!.replaceAll('&amp;', '&');
      const page = await browser.get(new URL(forgotLink, fx.base).toString());
      const next = await browser.submit(page, 'forgotPasswordForm', { username: 'quinn' });
      expect(next.status).toBe(303);
      expect(next.location).toContain(`/${fx.poolId}/confirmforgotPassword?`);
      const reset = await browser.follow(next);
      const form = formsOf(reset.body).find((f) => f.name === 'confirmForgotPasswordForm')!;
      expect(Object.keys(form.fields)).toEqual(['_csrf', 'code', 'password', 'confirmPassword']);
      const code = await lastCode(server(), fx.poolId, 'quinn');
      const mismatch = await browser.submit(reset, 'confirmForgotPasswordForm', { code, password: 'N3w-passw0rd!', confirmPassword: 'x' });
      expect(errorsOf(mismatch.body)).toEqual(['The passwords do not match.']);
      const done = await browser.submit(reset, 'confirmForgotPasswordForm', { code, password: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!' });
      expect(done.status).toBe(303);
      expect(done.location).toBe(fx.loginUrl());
      const old = await browser.submit(await browser.follow(done), 'cognitoSignInForm', { username: 'quinn', password: PASSWORD });
      expect(errorsOf(old.body)).toEqual(['Incorrect username or password.']);
      const signedIn = await browser.submit(old, 'cognitoSignInForm', { username: 'quinn', password: 'N3w-passw0rd!' });
      expect(callbackQuery(signedIn.location).get('code')).toBeTruthy();
    });

    it('words an unknown user by PreventUserExistenceErrors', async () => {
      const legacy = new FormBrowser();
      const page = await legacy.submit(await legacy.get(`${fx.base}/forgotPassword?${new URLSearchParams(fx.authorizeParams())}`), 'forgotPasswordForm', { username: 'nobody' });
      expect(errorsOf(page.body)).toEqual(['Username/client id combination not found.']);

      const hiding = await createUiFixture(server(), { AutoVerifiedAttributes: ['email'] }, { PreventUserExistenceErrors: 'ENABLED' });
      const browser = new FormBrowser();
      const next = await browser.submit(await browser.get(`${hiding.base}/forgotPassword?${new URLSearchParams(hiding.authorizeParams())}`), 'forgotPasswordForm', {
        username: 'nobody',
      });
      expect(next.status).toBe(303);
      const reset = await browser.follow(next);
      const wrong = await browser.submit(reset, 'confirmForgotPasswordForm', { code: '123456', password: 'N3w-passw0rd!', confirmPassword: 'N3w-passw0rd!' });
      expect(errorsOf(wrong.body)).toEqual(['Invalid verification code provided, please try again.']);
    });
  });
});
