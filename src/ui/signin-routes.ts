import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { CognitoError, endsSignIn } from '../core/errors.js';
import type { HostedOutcome, HostedSignIn, HostedStep } from '../core/signin/hosted.js';
import {
  answerMfaCode,
  answerNewPassword,
  chooseMfa,
  finishTotpSetup,
  hostedStateUser,
  missingRequiredAttributes,
  openHostedSignIn,
  signInWithPasswordForm,
  startChoiceSignIn,
  startTotpSetup,
} from '../core/signin/hosted.js';
import { corporateIdentifier, signInChoices, supportsCognito } from '../core/idp/sign-in-choices.js';
import { completeAuthorization } from '../core/oauth/authorize.js';
import { createSsoSession } from '../core/oauth/sso-session.js';
import type { Services } from '../core/services.js';
import { authorizationRedirect } from '../web/authorization-wire.js';
import { setSsoCookie } from '../web/sso-cookie.js';
import { mfaPage, mfaSetupPage, newPasswordPage, selectMfaPage, signInPage } from './pages.js';
import { managedSignInForm } from './passwordless-pages.js';
import { passwordlessOffer, passwordlessPageOf } from './passwordless-steps.js';
import { passkeyReturn } from './passkeys-add-return.js';
import { otpauthUri, qrSvg } from './qr.js';
import type { PageName, PageRequest } from './request.js';
import { checkCsrf, cognitoMessage, csrfFor, formValue, pageRequest, pageUrl, sendPage } from './request.js';
import { clearSignInCookie, setSignInCookie, signInCookieOf } from './signin-cookie.js';

/**
 * `/login` and the challenge pages that may follow it: new password, MFA code, MFA choice and
 * authenticator set-up. Every POST answers 303: on to the next page, or to the client with a code.
 */

export interface RouteOptions {
  page: RouteShorthandOptions;
  post: RouteShorthandOptions;
}

const PAGE_OF_STEP: Record<HostedStep, PageName> = {
  NEW_PASSWORD_REQUIRED: 'newPassword',
  SOFTWARE_TOKEN_MFA: 'mfa',
  SMS_MFA: 'mfa',
  EMAIL_OTP: 'mfa',
  SELECT_MFA_TYPE: 'selectMfa',
  MFA_SETUP: 'mfaSetup',
  SIGNED_UP: 'confirm',
};

/** The page that asks what a sign-in in progress waits for. */
const pageOf = (state: HostedSignIn): PageName | undefined => passwordlessPageOf(state) ?? PAGE_OF_STEP[state.challengeName as HostedStep];

export const signUpAllowed = (pr: PageRequest): boolean => !pr.ctx.pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly;

/** The sign-in form, at /login or in place of a page whose sign-in cannot go on (it posts to /login either way). */
export async function renderSignIn(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  pr: PageRequest,
  extra: { error?: string; notice?: string; username?: string; confirmUrl?: string; corporateId?: string } = {},
): Promise<FastifyReply> {
  const choices = await signInChoices(services, pr.ctx.pool, pr.client);
  const { corporateId, ...rest } = extra;
  const action = pageUrl(pr.ctx, 'login', pr.query);
  const csrf = csrfFor(request, reply, pr.ctx);
  const signUpUrl = signUpAllowed(pr) ? pageUrl(pr.ctx, 'signup', pr.query) : undefined;
  const forgotPasswordUrl = pageUrl(pr.ctx, 'forgotPassword', pr.query);
  const passwordless = await passwordlessOffer(services, request, pr);
  return sendPage(
    reply,
    signInPage(pr.frame, {
      action,
      csrf,
      signUpUrl,
      forgotPasswordUrl,
      passwordForm: choices.cognito,
      ...(passwordless ? { managedForm: managedSignInForm({ action, csrf, username: extra.username, signUpUrl, forgotPasswordUrl, ...passwordless }) } : {}),
      providers: choices.providers.map((p) => ({ label: p.label, url: authorizeUrl(pr, { identity_provider: p.name }) })),
      ...(choices.corporateId ? { corporateId: { typed: corporateId } } : {}),
      ...rest,
    }),
  );
}

/** /oauth2/authorize with the page's own authorization request, naming the directory to sign in with. */
function authorizeUrl(pr: PageRequest, directory: { identity_provider: string } | { idp_identifier: string }): string {
  const query = new URLSearchParams(pr.query);
  query.delete('identity_provider');
  query.delete('idp_identifier');
  for (const [name, value] of Object.entries(directory)) query.set(name, value);
  return `${pr.ctx.base}/oauth2/authorize?${query.toString()}`;
}

/** Ends a sign-in: the SSO session cookie, then the client's redirect URI with a code (or tokens). */
export async function proceed(services: Services, reply: FastifyReply, pr: PageRequest, outcome: HostedOutcome): Promise<FastifyReply> {
  if (outcome.kind === 'challenge') {
    // The engine gives every challenge of the hosted channel a state and one of the pages above.
    const page = outcome.state && pageOf(outcome.state);
    if (!outcome.state || !page) throw new Error(`The hosted pages cannot ask ${outcome.challengeName}`);
    setSignInCookie(reply, pr.ctx, services, outcome.state);
    return reply.redirect(pageUrl(pr.ctx, page, pr.query), 303);
  }
  // The engine has recorded the successful sign-in (earlier failures are forgotten); the ending is the UI's.
  const { pool } = pr.ctx;
  setSsoCookie(reply, pr.ctx, await createSsoSession(services, pool, outcome.user, outcome.authTime));
  clearSignInCookie(reply, pr.ctx);
  const back = passkeyReturn(reply.request, reply, pr.ctx, pr.authorization);
  if (back) return reply.redirect(back, 303);
  const response = await completeAuthorization(services, { pool, client: pr.client, user: outcome.user, authTime: outcome.authTime, request: pr.authorization });
  return reply.redirect(authorizationRedirect(response), 303);
}

export function signInRoutes(app: FastifyInstance, services: Services, options: RouteOptions): void {
  app.get('/login', options.page, async (request, reply) => {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    return renderSignIn(services, request, reply, pr);
  });

  app.post('/login', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const pr = await pageRequest(services, request, reply);
    if (!pr) return reply;
    const corporateId = formValue(request.body, 'corporateId');
    if (corporateId !== undefined) {
      const identifier = await corporateIdentifier(services, pr.ctx.pool, pr.client, corporateId);
      if (identifier) return reply.redirect(authorizeUrl(pr, { idp_identifier: identifier }), 303);
      return renderSignIn(services, request, reply, pr, { error: 'No identity provider matches your corporate ID.', corporateId: corporateId.slice(0, 256) });
    }
    if (!supportsCognito(pr.client))
      return renderSignIn(services, request, reply, pr, { error: 'This app signs in with an identity provider only.' });
    const username = (formValue(request.body, 'username') ?? '').trim();
    const password = formValue(request.body, 'password') ?? '';
    // Managed login: a name without a password, or "Other ways to sign in", goes on to the choice of first factors.
    const choose = username !== '' && (password === '' || formValue(request.body, 'signInOptions') !== undefined) && (await passwordlessOffer(services, request, pr)) !== undefined;
    if (!choose && (username === '' || password === '')) return renderSignIn(services, request, reply, pr, { error: 'Please enter your username and password.', username });
    try {
      const outcome = choose
        ? await startChoiceSignIn(services, pr.ctx.pool, pr.client, username, pr.origin)
        : await signInWithPasswordForm(services, pr.ctx.pool, pr.client, username, password, pr.origin);
      return await proceed(services, reply, pr, outcome);
    } catch (error) {
      const message = cognitoMessage(error);
      const unconfirmed = error instanceof CognitoError && error.type === 'UserNotConfirmedException';
      return renderSignIn(services, request, reply, pr, {
        error: message,
        username,
        ...(unconfirmed ? { confirmUrl: pageUrl(pr.ctx, 'confirm', pr.query, { username }) } : {}),
      });
    }
  });

  /** The sign-in in progress for this page, or a redirect back to /login when there is none. */
  async function inProgress(request: FastifyRequest, reply: FastifyReply, page: PageName): Promise<{ pr: PageRequest; state: HostedSignIn } | undefined> {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return undefined;
    const state = openHostedSignIn(services, pr.ctx.pool, pr.client, signInCookieOf(request));
    if (!state || pageOf(state) !== page) {
      if (request.method === 'POST') await renderSignIn(services, request, reply, pr, { error: 'Invalid session for the user, session is expired.' });
      else await reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 302);
      return undefined;
    }
    return { pr, state };
  }

  /** A failed answer: the same page again with the message, or the sign-in form when the sign-in cannot go on. */
  async function failed(
    request: FastifyRequest,
    reply: FastifyReply,
    pr: PageRequest,
    error: unknown,
    again: (message: string) => FastifyReply | Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    const message = cognitoMessage(error);
    // Errors after which the sign-in cannot go on (by their kind, never their text): back to the sign-in form.
    if (endsSignIn(error)) {
      clearSignInCookie(reply, pr.ctx);
      return renderSignIn(services, request, reply, pr, { error: message });
    }
    return again(message);
  }

  // New password required (an administrator created the user with a temporary password).
  const renderNewPassword = async (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) => {
    const user = await hostedStateUser(services, pr.ctx.pool, pr.client, state);
    const attributes = missingRequiredAttributes(pr.ctx.pool, user).map((name) => ({ name, label: attributeLabel(name) }));
    return sendPage(reply, newPasswordPage(pr.frame, { action: pageUrl(pr.ctx, 'newPassword', pr.query), csrf: csrfFor(request, reply, pr.ctx), requiredAttributes: attributes, error }));
  };

  app.get('/newPassword', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'newPassword');
    if (!found) return reply;
    try {
      return await renderNewPassword(request, reply, found.pr, found.state);
    } catch (error) {
      clearSignInCookie(reply, found.pr.ctx);
      return renderSignIn(services, request, reply, found.pr, { error: cognitoMessage(error) });
    }
  });

  app.post('/newPassword', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'newPassword');
    if (!found) return reply;
    const { pr, state } = found;
    const password = formValue(request.body, 'newPassword') ?? '';
    try {
      if (password === '') return await renderNewPassword(request, reply, pr, state, 'Please enter a new password.');
      if (password !== formValue(request.body, 'confirmPassword')) return await renderNewPassword(request, reply, pr, state, 'The passwords do not match.');
      const user = await hostedStateUser(services, pr.ctx.pool, pr.client, state);
      const attributes: Record<string, string> = {};
      for (const name of missingRequiredAttributes(pr.ctx.pool, user)) {
        const value = (formValue(request.body, `requiredAttributes[${name}]`) ?? '').trim();
        if (value !== '') attributes[name] = value;
      }
      return await proceed(services, reply, pr, await answerNewPassword(services, pr.ctx.pool, pr.client, state, password, attributes, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => renderNewPassword(request, reply, pr, state, message));
    }
  });

  // MFA code: authenticator app, SMS or e-mail.
  const renderMfa = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) =>
    sendPage(
      reply,
      mfaPage(pr.frame, {
        action: pageUrl(pr.ctx, 'mfa', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        kind: state.challengeName as 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP',
        destination: state.parameters?.CODE_DELIVERY_DESTINATION,
        deviceName: state.parameters?.FRIENDLY_DEVICE_NAME,
        cancelUrl: pageUrl(pr.ctx, 'login', pr.query),
        error,
      }),
    );

  app.get('/mfa', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'mfa');
    if (!found) return reply;
    return renderMfa(request, reply, found.pr, found.state);
  });

  app.post('/mfa', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'mfa');
    if (!found) return reply;
    const { pr, state } = found;
    const code = (formValue(request.body, 'code') ?? '').trim();
    if (code === '') return renderMfa(request, reply, pr, state, 'Please enter the code.');
    try {
      return await proceed(services, reply, pr, await answerMfaCode(services, pr.ctx.pool, pr.client, state, code, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => renderMfa(request, reply, pr, state, message));
    }
  });

  // MFA choice, when the user has several factors and no preferred one.
  const renderSelect = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) =>
    sendPage(
      reply,
      selectMfaPage(pr.frame, {
        action: pageUrl(pr.ctx, 'selectMfa', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        choices: JSON.parse(state.parameters?.MFAS_CAN_CHOOSE ?? '[]') as string[],
        cancelUrl: pageUrl(pr.ctx, 'login', pr.query),
        error,
      }),
    );

  app.get('/selectMfa', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'selectMfa');
    if (!found) return reply;
    return renderSelect(request, reply, found.pr, found.state);
  });

  app.post('/selectMfa', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'selectMfa');
    if (!found) return reply;
    const { pr, state } = found;
    const mfaType = formValue(request.body, 'mfaType') ?? '';
    if (mfaType === '') return renderSelect(request, reply, pr, state, 'Please choose how to verify.');
    try {
      return await proceed(services, reply, pr, await chooseMfa(services, pr.ctx.pool, pr.client, state, mfaType, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => renderSelect(request, reply, pr, state, message));
    }
  });

  // Authenticator set-up, when MFA is required and the user has no factor yet.
  const renderSetup = async (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) => {
    const secret = state.totpSecret!;
    const user = await hostedStateUser(services, pr.ctx.pool, pr.client, state);
    const issuer = pr.ctx.pool.Name ?? pr.ctx.pool.Id;
    const qr = await qrSvg(otpauthUri(issuer, user.username, secret));
    return sendPage(
      reply,
      mfaSetupPage(pr.frame, { action: pageUrl(pr.ctx, 'mfaSetup', pr.query), csrf: csrfFor(request, reply, pr.ctx), secret, qr, cancelUrl: pageUrl(pr.ctx, 'login', pr.query), error }),
    );
  };

  app.get('/mfaSetup', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'mfaSetup');
    if (!found) return reply;
    const { pr } = found;
    try {
      const state = await startTotpSetup(services, pr.ctx.pool, pr.client, found.state);
      if (state !== found.state) setSignInCookie(reply, pr.ctx, services, state);
      return await renderSetup(request, reply, pr, state);
    } catch (error) {
      clearSignInCookie(reply, pr.ctx);
      return renderSignIn(services, request, reply, pr, { error: cognitoMessage(error) });
    }
  });

  app.post('/mfaSetup', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'mfaSetup');
    if (!found) return reply;
    const { pr, state } = found;
    if (!state.totpSecret) return reply.redirect(pageUrl(pr.ctx, 'mfaSetup', pr.query), 303);
    const code = (formValue(request.body, 'code') ?? '').trim();
    const deviceName = (formValue(request.body, 'deviceName') ?? '').trim();
    try {
      if (code === '') return await renderSetup(request, reply, pr, state, 'Please enter the code from your authenticator app.');
      return await proceed(services, reply, pr, await finishTotpSetup(services, pr.ctx.pool, pr.client, state, code, deviceName || undefined, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => renderSetup(request, reply, pr, state, message));
    }
  });
}

const LABELS: Record<string, string> = {
  email: 'Email',
  phone_number: 'Phone number',
  name: 'Name',
  given_name: 'Given name',
  family_name: 'Family name',
  middle_name: 'Middle name',
  nickname: 'Nickname',
  preferred_username: 'Preferred username',
  birthdate: 'Birthdate',
  gender: 'Gender',
  locale: 'Locale',
  address: 'Address',
  website: 'Website',
  picture: 'Picture',
  profile: 'Profile',
  zoneinfo: 'Time zone',
  updated_at: 'Updated at',
};

export const attributeLabel = (name: string): string => LABELS[name] ?? name.replace(/^custom:/, '');
