import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endsSignIn } from '../core/errors.js';
import type { HostedSignIn } from '../core/signin/hosted.js';
import { answerFirstFactorCode, answerPasskey, choicesOf, chooseFirstFactor, openHostedSignIn, passkeyRequestOptions } from '../core/signin/hosted.js';
import type { Services } from '../core/services.js';
import { managedLoginVersion } from '../web/managed-login-version.js';
import { passkeyPage, passwordlessCodePage, selectChallengePage } from './passwordless-pages.js';
import { passwordlessPageOf } from './passwordless-steps.js';
import type { PageName, PageRequest } from './request.js';
import { checkCsrf, cognitoMessage, csrfFor, formValue, pageRequest, pageUrl, sendPage } from './request.js';
import { clearSignInCookie, signInCookieOf } from './signin-cookie.js';
import type { RouteOptions } from './signin-routes.js';
import { proceed, renderSignIn } from './signin-routes.js';

/**
 * The managed login (version 2) pages of choice-based sign-in, after `/login` took a name without a
 * password: `/selectChallenge` (password or a passwordless factor), `/passwordlessCode` (the e-mail or
 * SMS code), `/passkeySignIn` (navigator.credentials.get). Each answer goes through the sign-in
 * engine's hosted channel (core/signin/hosted.ts) and ends as `/login` does (`proceed`).
 */
export function passwordlessRoutes(app: FastifyInstance, services: Services, options: RouteOptions): void {
  /** The sign-in in progress for this page on a managed login host, or back to /login. */
  async function inProgress(request: FastifyRequest, reply: FastifyReply, page: PageName): Promise<{ pr: PageRequest; state: HostedSignIn } | undefined> {
    const pr = await pageRequest(services, request, reply);
    if (!pr) return undefined;
    const state = openHostedSignIn(services, pr.ctx.pool, pr.client, signInCookieOf(request));
    if (!state || passwordlessPageOf(state) !== page || (await managedLoginVersion(services, request)) !== 2) {
      if (request.method === 'POST') await renderSignIn(services, request, reply, pr, { error: 'Invalid session for the user, session is expired.' });
      else await reply.redirect(pageUrl(pr.ctx, 'login', pr.query), 302);
      return undefined;
    }
    return { pr, state };
  }

  /** A refused answer: the page again with Cognito's message, or the sign-in form when the sign-in cannot go on. */
  async function failed(request: FastifyRequest, reply: FastifyReply, pr: PageRequest, error: unknown, again: (message: string) => Promise<FastifyReply> | FastifyReply) {
    const message = cognitoMessage(error);
    if (endsSignIn(error)) {
      clearSignInCookie(reply, pr.ctx);
      return renderSignIn(services, request, reply, pr, { error: message });
    }
    return again(message);
  }

  const cancelUrl = (pr: PageRequest) => pageUrl(pr.ctx, 'login', pr.query);

  const renderChoice = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) =>
    sendPage(
      reply,
      selectChallengePage(pr.frame, {
        action: pageUrl(pr.ctx, 'selectChallenge', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        username: state.parameters?.USERNAME ?? '',
        choices: choicesOf(state),
        cancelUrl: cancelUrl(pr),
        error,
      }),
    );

  app.get('/selectChallenge', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'selectChallenge');
    if (!found) return reply;
    return renderChoice(request, reply, found.pr, found.state);
  });

  app.post('/selectChallenge', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'selectChallenge');
    if (!found) return reply;
    const { pr, state } = found;
    const challenge = formValue(request.body, 'challenge') ?? '';
    const password = formValue(request.body, 'password');
    if (challenge === '') return renderChoice(request, reply, pr, state, 'Please choose how to sign in.');
    if (challenge === 'PASSWORD' && !password) return renderChoice(request, reply, pr, state, 'Please enter your password.');
    try {
      return await proceed(services, reply, pr, await chooseFirstFactor(services, pr.ctx.pool, pr.client, state, challenge, challenge === 'PASSWORD' ? password : undefined, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => renderChoice(request, reply, pr, state, message));
    }
  });

  const renderCode = (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) =>
    sendPage(
      reply,
      passwordlessCodePage(pr.frame, {
        action: pageUrl(pr.ctx, 'passwordlessCode', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        factor: state.firstFactor as 'EMAIL_OTP' | 'SMS_OTP',
        destination: state.parameters?.CODE_DELIVERY_DESTINATION,
        cancelUrl: cancelUrl(pr),
        error,
      }),
    );

  app.get('/passwordlessCode', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'passwordlessCode');
    if (!found) return reply;
    return renderCode(request, reply, found.pr, found.state);
  });

  app.post('/passwordlessCode', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'passwordlessCode');
    if (!found) return reply;
    const { pr, state } = found;
    const code = (formValue(request.body, 'code') ?? '').trim();
    if (code === '') return renderCode(request, reply, pr, state, 'Please enter the code.');
    try {
      return await proceed(services, reply, pr, await answerFirstFactorCode(services, pr.ctx.pool, pr.client, state, code, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => renderCode(request, reply, pr, state, message));
    }
  });

  const renderPasskey = async (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) =>
    sendPage(
      reply,
      passkeyPage(pr.frame, {
        action: pageUrl(pr.ctx, 'passkeySignIn', pr.query),
        csrf: csrfFor(request, reply, pr.ctx),
        options: await passkeyRequestOptions(services, pr.ctx.pool, pr.client, state),
        ...(reply.cspNonce?.script ? { scriptNonce: reply.cspNonce.script } : {}),
        cancelUrl: cancelUrl(pr),
        error,
      }),
    );

  /** The passkey page, or the sign-in form when its options cannot be made (the user or the pool's passkeys changed). */
  const passkeyOrSignIn = async (request: FastifyRequest, reply: FastifyReply, pr: PageRequest, state: HostedSignIn, error?: string) => {
    try {
      return await renderPasskey(request, reply, pr, state, error);
    } catch (failure) {
      clearSignInCookie(reply, pr.ctx);
      return renderSignIn(services, request, reply, pr, { error: cognitoMessage(failure) });
    }
  };

  app.get('/passkeySignIn', options.page, async (request, reply) => {
    const found = await inProgress(request, reply, 'passkeySignIn');
    if (!found) return reply;
    return passkeyOrSignIn(request, reply, found.pr, found.state);
  });

  app.post('/passkeySignIn', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const found = await inProgress(request, reply, 'passkeySignIn');
    if (!found) return reply;
    const { pr, state } = found;
    const credential = formValue(request.body, 'credential') ?? '';
    if (credential === '') return passkeyOrSignIn(request, reply, pr, state, 'Please use your passkey to sign in.');
    try {
      return await proceed(services, reply, pr, await answerPasskey(services, pr.ctx.pool, pr.client, state, credential, pr.origin));
    } catch (error) {
      return failed(request, reply, pr, error, (message) => passkeyOrSignIn(request, reply, pr, state, message));
    }
  });
}
