import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserPoolClient } from '../core/client/clients.js';
import { clientSecret, getClientInPool } from '../core/client/clients.js';
import { CognitoError } from '../core/errors.js';
import { continueAfterSignUp, openHostedSignIn, signedUpState } from '../core/signin/hosted.js';
import { requiredAttributes } from '../core/pool/schema.js';
import type { UserPool } from '../core/pool/pools.js';
import { secretHash } from '../core/client/secret-hash.js';
import type { Services } from '../core/services.js';
import { confirmForgotPassword, forgotPassword } from '../core/user/forgot-password.js';
import { confirmSignUp, resendConfirmationCode, signUp } from '../core/user/signup.js';
import { contextOf } from '../web/pool-context.js';
import { html } from './html.js';
import type { SignUpField } from './pages.js';
import { signUpTermsLinks } from '../core/terms/sign-up-links.js';
import { autocompleteOf, confirmForgotPasswordPage, confirmPage, forgotPasswordPage, messagePage, signUpPage } from './pages.js';
import type { PageRequest } from './request.js';
import type { CheckSelfServiceInput } from './self-service-input.js';
import { checkCsrf, cognitoMessage, csrfFor, formValue, frameOf, pageRequest, pageUrl, sendErrorView, sendPage } from './request.js';
import { setSignInCookie, signInCookieOf } from './signin-cookie.js';
import type { RouteOptions } from './signin-routes.js';
import { attributeLabel, proceed, signUpAllowed } from './signin-routes.js';

/**
 * Self-service pages: sign-up and its confirmation (by code, or by the e-mailed link), and the
 * forgotten-password pair. Each checks its input as the API checks the same operation's
 * (`checkInput`), then calls the core function the operation calls, so a page and an SDK get the
 * same rules and the same messages.
 */

/** The hosted UI knows a confidential client's secret, so it signs its requests as an app would. */
function secretHashFor(services: Services, client: UserPoolClient, username: string): string | undefined {
  const secret = clientSecret(services, client);
  return secret === undefined ? undefined : secretHash(secret, username, client.ClientId!);
}

/** The sign-up form: the username (or e-mail/phone when they are the username), the attributes the pool needs, a password. */
function signUpFields(pool: UserPool): SignUpField[] {
  const kinds = (pool.UsernameAttributes ?? []) as string[];
  const usernameLabel = kinds.length === 2 ? 'Email or phone number' : kinds[0] === 'email' ? 'Email' : kinds[0] === 'phone_number' ? 'Phone number' : 'Username';
  const fields: SignUpField[] = [{ name: 'username', label: usernameLabel, autocomplete: kinds[0] === 'phone_number' ? 'tel' : kinds[0] === 'email' ? 'email' : 'username' }];
  const asUsername = kinds.length === 1 ? kinds[0] : undefined;
  const wanted = new Set([...requiredAttributes(pool), ...((pool.AutoVerifiedAttributes ?? []) as string[])]);
  for (const name of wanted) {
    if (name === 'sub' || name === asUsername) continue;
    fields.push({ name: `requiredAttributes[${name}]`, label: attributeLabel(name), type: name === 'email' ? 'email' : name === 'phone_number' ? 'tel' : 'text', autocomplete: autocompleteOf(name) });
  }
  fields.push({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password' });
  return fields;
}

const ATTRIBUTE_FIELD = /^requiredAttributes\[(.+)\]$/;

export function accountRoutes(app: FastifyInstance, services: Services, options: RouteOptions, checkInput: CheckSelfServiceInput): void {
  // Sign-up.
  const renderSignUp = async (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, values: Record<string, string> = {}, error?: string) => {
    // Only managed login shows the client's terms; the classic hosted UI has none.
    const lang = (request.query as Record<string, unknown>).lang;
    const terms = pr.frame.managedLogin ? await signUpTermsLinks(services, pr.ctx.pool.Id, pr.client.ClientId, typeof lang === 'string' ? lang : undefined) : undefined;
    return sendPage(
      reply,
      signUpPage(pr.frame, {
        action: pageUrl(pr.ctx, 'signup', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        fields: signUpFields(pr.ctx.pool),
        values,
        signInUrl: pageUrl(pr.ctx, 'login', pr.query),
        error,
        ...(terms ? { terms } : {}),
      }),
    );
  };

  const signUpClosed = (reply: FastifyReply, pr: PageRequest) =>
    sendPage(reply, messagePage(pr.frame, 'Sign up', 'SignUp is not permitted for this user pool', 'error', html`<p class="redirect-customizable"><a href="${pageUrl(pr.ctx, 'login', pr.query)}">Back to sign in</a></p>`), 403);

  app.get('/signup', options.page, async (request, reply) => {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!signUpAllowed(pr)) return signUpClosed(reply, pr);
    return renderSignUp(request, reply, pr);
  });

  app.post('/signup', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!signUpAllowed(pr)) return signUpClosed(reply, pr);
    const fields = signUpFields(pr.ctx.pool);
    const values: Record<string, string> = {};
    for (const f of fields) values[f.name] = (f.type === 'password' ? formValue(request.body, f.name) : formValue(request.body, f.name)?.trim()) ?? '';
    const username = values.username!;
    const attributes = fields
      .map((f) => ({ match: ATTRIBUTE_FIELD.exec(f.name), value: values[f.name]! }))
      .filter((a): a is { match: RegExpExecArray; value: string } => a.match !== null && a.value !== '')
      .map((a) => ({ Name: a.match[1]!, Value: a.value }));
    try {
      if (username === '') throw new CognitoError('InvalidParameterException', `Please enter your ${fields[0]!.label.toLowerCase()}.`);
      const input = {
        ClientId: pr.client.ClientId,
        SecretHash: secretHashFor(services, pr.client, username),
        Username: username,
        Password: values.password,
        UserAttributes: attributes,
      };
      checkInput('SignUp', input);
      const result = await signUp(services, input);
      const state = await signedUpState(services, pr.ctx.pool, pr.client, username);
      if (state) setSignInCookie(reply, pr.ctx, services, state);
      if (!result.CodeDeliveryDetails) return reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 303);
      return reply.redirect(pageUrl(pr.ctx, 'confirm', pr.query, { username }), 303);
    } catch (error) {
      return renderSignUp(request, reply, pr, values, cognitoMessage(error));
    }
  });

  // Confirmation of a sign-up with the code from the outbox.
  const renderConfirm = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, username: string, error?: string) =>
    sendPage(
      reply,
      confirmPage(pr.frame, {
        action: pageUrl(pr.ctx, 'confirm', pr.query, { username }),
        resendAction: pageUrl(pr.ctx, 'resendCode', pr.query, { username }),
        csrf: csrfFor(request, reply, pr.ctx),
        username,
        signInUrl: pageUrl(pr.ctx, 'login', pr.query),
        error,
      }),
    );

  app.get('/confirm', options.page, async (request, reply) => {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!pr.username) return reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 302);
    return renderConfirm(request, reply, pr, pr.username);
  });

  app.post('/confirm', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!pr.username) return reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 303);
    const username = pr.username;
    const code = (formValue(request.body, 'code') ?? '').trim();
    if (code === '') return renderConfirm(request, reply, pr, username, 'Please enter the code.');
    try {
      const input = { ClientId: pr.client.ClientId, SecretHash: secretHashFor(services, pr.client, username), Username: username, ConfirmationCode: code };
      checkInput('ConfirmSignUp', input);
      await confirmSignUp(services, input);
    } catch (error) {
      return renderConfirm(request, reply, pr, username, cognitoMessage(error));
    }
    // The browser that signed up goes straight on to the client, as in Cognito; any other signs in.
    const state = openHostedSignIn(services, pr.ctx.pool, pr.client, signInCookieOf(request));
    const outcome = state ? await continueAfterSignUp(services, pr.ctx.pool, pr.client, state, username, pr.origin).catch(() => undefined) : undefined;
    if (outcome) return proceed(services, reply, pr, outcome);
    return reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 303);
  });

  app.post('/resendCode', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!pr.username) return reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 303);
    try {
      const input = { ClientId: pr.client.ClientId, SecretHash: secretHashFor(services, pr.client, pr.username), Username: pr.username };
      checkInput('ResendConfirmationCode', input);
      await resendConfirmationCode(services, input);
    } catch (error) {
      return renderConfirm(request, reply, pr, pr.username, cognitoMessage(error));
    }
    return reply.redirect(pageUrl(pr.ctx, 'confirm', pr.query, { username: pr.username }), 303);
  });

  // The link of a CONFIRM_WITH_LINK message: /confirmUser?client_id=&user_name=&confirmation_code=
  app.get('/confirmUser', options.page, async (request, reply) => {
    const ctx = contextOf(request);
    reply.header('cache-control', 'no-store');
    const query = request.query as Record<string, unknown>;
    const one = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    const clientId = one('client_id');
    let client: UserPoolClient;
    try {
      client = await getClientInPool(services, ctx.pool.Id, clientId);
    } catch (error) {
      if (error instanceof CognitoError) return sendErrorView(services, ctx, reply, { error: 'invalid_request' });
      throw error;
    }
    const frame = await frameOf(services, ctx, reply, client.ClientId);
    try {
      const input = { ClientId: client.ClientId, SecretHash: secretHashFor(services, client, one('user_name')), Username: one('user_name'), ConfirmationCode: one('confirmation_code') };
      checkInput('ConfirmSignUp', input);
      await confirmSignUp(services, input);
    } catch (error) {
      return sendPage(reply, messagePage(frame, 'Confirmation failed', cognitoMessage(error), 'error'), 400);
    }
    return sendPage(reply, messagePage(frame, 'Account confirmed', 'Your registration has been confirmed!', 'notice'));
  });

  // Forgotten password: a code to the user's verified e-mail or phone, then the code and a new password.
  const renderForgot = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, username?: string, error?: string) =>
    sendPage(
      reply,
      forgotPasswordPage(pr.frame, {
        action: pageUrl(pr.ctx, 'forgotPassword', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        username,
        signInUrl: pageUrl(pr.ctx, 'login', pr.query),
        error,
      }),
    );

  app.get('/forgotPassword', options.page, async (request, reply) => {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    return renderForgot(request, reply, pr, pr.username);
  });

  app.post('/forgotPassword', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    const username = (formValue(request.body, 'username') ?? '').trim();
    if (username === '') return renderForgot(request, reply, pr, username, 'Please enter your username.');
    try {
      const input = { ClientId: pr.client.ClientId, SecretHash: secretHashFor(services, pr.client, username), Username: username };
      checkInput('ForgotPassword', input);
      await forgotPassword(services, input);
    } catch (error) {
      return renderForgot(request, reply, pr, username, cognitoMessage(error));
    }
    return reply.redirect(pageUrl(pr.ctx, 'confirmforgotPassword', pr.query, { username }), 303);
  });

  const renderConfirmForgot = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, username: string, error?: string) =>
    sendPage(
      reply,
      confirmForgotPasswordPage(pr.frame, {
        action: pageUrl(pr.ctx, 'confirmforgotPassword', pr.query, { username }),
        csrf: csrfFor(request, reply, pr.ctx),
        username,
        signInUrl: pageUrl(pr.ctx, 'login', pr.query),
        error,
      }),
    );

  app.get('/confirmforgotPassword', options.page, async (request, reply) => {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!pr.username) return reply.redirect(pageUrl(pr.ctx, 'forgotPassword', pr.query), 302);
    return renderConfirmForgot(request, reply, pr, pr.username);
  });

  app.post('/confirmforgotPassword', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    if (!pr.username) return reply.redirect(pageUrl(pr.ctx, 'forgotPassword', pr.query), 303);
    const username = pr.username;
    const code = (formValue(request.body, 'code') ?? '').trim();
    const password = formValue(request.body, 'password') ?? '';
    if (code === '' || password === '') return renderConfirmForgot(request, reply, pr, username, 'Please enter the code and a new password.');
    if (password !== formValue(request.body, 'confirmPassword')) return renderConfirmForgot(request, reply, pr, username, 'The passwords do not match.');
    try {
      const input = { ClientId: pr.client.ClientId, SecretHash: secretHashFor(services, pr.client, username), Username: username, ConfirmationCode: code, Password: password };
      checkInput('ConfirmForgotPassword', input);
      await confirmForgotPassword(services, input);
    } catch (error) {
      return renderConfirmForgot(request, reply, pr, username, cognitoMessage(error));
    }
    // The user signs in with the new password.
    return reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 303);
  });
}
