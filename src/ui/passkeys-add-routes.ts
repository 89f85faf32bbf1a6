import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserPoolClient } from '../core/client/clients.js';
import { getClientInPool } from '../core/client/clients.js';
import { CognitoError } from '../core/errors.js';
import { readSsoSession } from '../core/oauth/sso-session.js';
import type { Services } from '../core/services.js';
import type { User } from '../core/user/users.js';
import { webAuthnEnabled } from '../core/webauthn/config.js';
import type { PasskeyOwner } from '../core/webauthn/owner.js';
import { completeRegistration, startRegistration } from '../core/webauthn/registration.js';
import { GENERIC_ERROR } from '../web/error-page.js';
import { managedLoginVersion } from '../web/managed-login-version.js';
import type { PoolContext } from '../web/pool-context.js';
import { contextOf } from '../web/pool-context.js';
import { ssoCookieOf } from '../web/sso-cookie.js';
import { errorView } from './error-view.js';
import type { Frame } from './layout.js';
import { messagePage } from './pages.js';
import { PASSKEY_ADD_JS, PASSKEY_ADD_JS_VERSION, passkeyAddPage } from './passkeys-add-page.js';
import { startPasskeyReturn } from './passkeys-add-return.js';
import { checkCsrf, cognitoMessage, csrfFor, formValue, frameOf, sendPage } from './request.js';
import type { RouteOptions } from './signin-routes.js';

/**
 * `/passkeys/add?client_id=…&redirect_uri=…`: Cognito's passkey enrolment after sign-in, managed
 * login (version 2) only. The browser's SSO session names the user (none: sign in first, then back
 * here); the page runs the registration ceremony with the core's options, and the core completes it
 * under CompleteWebAuthnRegistration's rules before the browser goes back to the client's callback URL.
 * On a classic (version 1) domain the path does not exist: 404 with the error page, as Cognito answers
 * a path its hosted UI does not have.
 */

interface Enrolment {
  ctx: PoolContext;
  client: UserPoolClient;
  redirectUri: string;
  frame: Frame;
}

const param = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const shownClientId = (value: string | undefined) => (value && /^[\w+]{1,128}$/.test(value) ? value : undefined);

export function passkeysAddRoutes(app: FastifyInstance, services: Services, options: RouteOptions): void {
  app.get('/ui/passkeys-add.js', async (request, reply) => {
    const current = (request.query as Record<string, unknown>).v === PASSKEY_ADD_JS_VERSION;
    return reply
      .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate')
      .header('etag', `"${PASSKEY_ADD_JS_VERSION}"`)
      .type('text/javascript; charset=utf-8')
      .send(PASSKEY_ADD_JS);
  });

  /** The checks both methods share; undefined when the reply (an error page) has been sent. */
  async function enrolment(request: FastifyRequest, reply: FastifyReply): Promise<Enrolment | undefined> {
    const ctx = contextOf(request);
    reply.header('cache-control', 'no-store');
    const fail = async (details: Record<string, string | undefined>, status: number) => {
      sendPage(reply, errorView(await frameOf(services, ctx, reply), GENERIC_ERROR, details), status);
      return undefined;
    };
    if ((await managedLoginVersion(services, request)) !== 2) return fail({ error: 'not_found' }, 404);
    const clientId = param(request, 'client_id');
    const redirectUri = param(request, 'redirect_uri');
    if (!clientId) return fail({ error: 'invalid_request', error_description: 'client_id is missing' }, 400);
    let client: UserPoolClient;
    try {
      client = await getClientInPool(services, ctx.pool.Id, clientId);
    } catch (error) {
      if (error instanceof CognitoError) return fail({ error: 'invalid_client', client_id: shownClientId(clientId) }, 400);
      throw error;
    }
    // Never a redirect to a URI the client has not registered.
    if (!redirectUri || !(client.CallbackURLs ?? []).includes(redirectUri)) return fail({ error: 'redirect_mismatch', client_id: client.ClientId }, 400);
    const frame = await frameOf(services, ctx, reply, client.ClientId);
    if (!webAuthnEnabled(ctx.pool)) {
      sendPage(reply, messagePage(frame, 'Passkeys are not available', 'This user pool does not allow sign-in with passkeys (WEB_AUTHN is not one of its sign-in factors).', 'error'), 400);
      return undefined;
    }
    return { ctx, client, redirectUri, frame };
  }

  /** The signed-in user of the SSO session, or a redirect to /login that comes back here. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, e: Enrolment): Promise<User | undefined> {
    const session = await readSsoSession(services, e.ctx.pool, ssoCookieOf(request));
    if (session) return session.user;
    const flows = e.client.AllowedOAuthFlows ?? [];
    const query = new URLSearchParams({
      client_id: e.client.ClientId,
      redirect_uri: e.redirectUri,
      response_type: flows.includes('code') || !flows.includes('implicit') ? 'code' : 'token',
      state: startPasskeyReturn(reply, e.ctx, services),
    });
    await reply.redirect(`${e.ctx.base}/login?${query.toString()}`, request.method === 'POST' ? 303 : 302);
    return undefined;
  }

  const ownerOf = (e: Enrolment, user: User): PasskeyOwner => ({
    services,
    pool: e.ctx.pool,
    user,
    clientId: e.client.ClientId,
  });

  async function render(request: FastifyRequest, reply: FastifyReply, e: Enrolment, user: User, error?: string): Promise<FastifyReply> {
    let creationOptions: unknown;
    let problem = error;
    try {
      creationOptions = await startRegistration(ownerOf(e, user));
    } catch (failure) {
      problem = cognitoMessage(failure);
    }
    const query = new URLSearchParams({ client_id: e.client.ClientId, redirect_uri: e.redirectUri }).toString();
    return sendPage(
      reply,
      passkeyAddPage(e.frame, {
        action: `${e.ctx.base}/passkeys/add?${query}`,
        csrf: csrfFor(request, reply, e.ctx),
        ...(creationOptions !== undefined ? { creationOptions } : {}),
        ...(problem ? { error: problem } : {}),
        skipUrl: e.redirectUri,
        ...(reply.cspNonce?.script ? { scriptNonce: reply.cspNonce.script } : {}),
      }),
      problem && creationOptions === undefined ? 400 : 200,
    );
  }

  app.get('/passkeys/add', options.page, async (request, reply) => {
    const e = await enrolment(request, reply);
    if (!e) return reply;
    const user = await signedIn(request, reply, e);
    if (!user) return reply;
    return render(request, reply, e, user);
  });

  app.post('/passkeys/add', options.post, async (request, reply) => {
    if (!(await checkCsrf(services, request, reply))) return reply;
    const e = await enrolment(request, reply);
    if (!e) return reply;
    const user = await signedIn(request, reply, e);
    if (!user) return reply;
    let credential: unknown;
    try {
      credential = JSON.parse(formValue(request.body, 'credential') ?? '');
    } catch {
      credential = undefined;
    }
    if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return render(request, reply, e, user, 'The passkey was not received. Please try again.');
    try {
      await completeRegistration(ownerOf(e, user), credential as Record<string, unknown>);
    } catch (error) {
      return render(request, reply, e, user, cognitoMessage(error));
    }
    return reply.redirect(e.redirectUri, 303);
  });
}
