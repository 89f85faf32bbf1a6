import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CognitoError } from '../core/errors.js';
import { regionOfPoolId } from '../core/ids.js';
import { countRequest } from '../core/quota/rates.js';
import type { ExternalAssertion, PendingFederation } from '../core/idp/federation/contract.js';
import { signInExternalUser } from '../core/idp/federation/external-signin.js';
import { redeemUpstreamCode } from '../core/idp/federation/oidc.js';
import { openPending, PENDING_MINUTES } from '../core/idp/federation/pending.js';
import { browserBinding } from '../core/idp/federation/start.js';
import { UpstreamError } from '../core/idp/federation/upstream-error.js';
import { identityProviderForSignIn } from '../core/idp/identity-providers.js';
import type { AuthorizationResponse } from '../core/oauth/authorize.js';
import { checkAuthorizationRequest, completeAuthorization } from '../core/oauth/authorize.js';
import { createSsoSession } from '../core/oauth/sso-session.js';
import type { Services } from '../core/services.js';
import { authorizationRedirect, readAuthorizeParams } from '../web/authorization-wire.js';
import { errorPageUrl } from '../web/error-page.js';
import type { PoolContext } from '../web/pool-context.js';
import { contextOf, isSecure, poolCookie } from '../web/pool-context.js';
import { setSsoCookie } from '../web/sso-cookie.js';

/**
 * `/oauth2/idpresponse`, where OIDC and social providers answer (cognito-wire.md §1), and the end
 * every federated sign-in shares (SAML's /saml2/idpresponse too): the app client's own request,
 * sealed in the pending sign-in, is checked again and finished with the SSO session and a code or
 * tokens, or the failure goes back to the app's redirect URI as Cognito sends it.
 */

/**
 * The redirect URI Cognate gives providers (and they must register): in the path form the public
 * URL's `/<poolId>/oauth2/idpresponse`, as discovery advertises it whatever name the request used; on
 * a pool's domain, that domain's `/oauth2/idpresponse`, as Cognito's.
 */
export function idpResponseUrl(services: Services, request: FastifyRequest): string {
  const ctx = contextOf(request);
  if (ctx.form === 'path') return `${services.settings.publicUrl}${ctx.base}/oauth2/idpresponse`;
  const scheme = isSecure(services) ? 'https' : request.protocol;
  return `${scheme}://${request.host}/oauth2/idpresponse`;
}

const BINDING_COOKIE = 'cognito-federation';

/** The browser's half of the pending sign-in (start.ts `browserBinding`); Lax, so it rides the provider's redirect back. */
export function setFederationCookie(reply: FastifyReply, ctx: PoolContext, requestId: string): void {
  const { name, path, secure } = poolCookie(ctx, BINDING_COOKIE);
  reply.setCookie(name, browserBinding(requestId), { httpOnly: true, sameSite: 'lax', path, secure, maxAge: PENDING_MINUTES * 60 });
}

/**
 * Whether this browser started the pending sign-in. Only answers by redirect (GET) can be held to
 * it: a provider's cross-site form post (Apple's form_post, SAML) carries no Lax cookie.
 */
function sameBrowser(request: FastifyRequest, pending: PendingFederation): boolean {
  if (request.method !== 'GET') return true;
  const cookie = request.cookies[poolCookie(contextOf(request), BINDING_COOKIE).name];
  return cookie !== undefined && cookie === browserBinding(pending.requestId);
}

/** A query string as a parsed query: a name given more than once becomes an array, as Fastify parses it. */
function parsedQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

export async function finishFederatedSignIn(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  pending: PendingFederation,
  outcome: { assertion: ExternalAssertion } | { error: string; description: string },
): Promise<FastifyReply> {
  const ctx = contextOf(request);
  const status = request.method === 'POST' ? 303 : 302;
  reply.header('cache-control', 'no-store');
  if (pending.poolId !== ctx.pool.Id) return reply.redirect(errorPageUrl(ctx, { error: 'invalid_request' }), status);
  const check = await checkAuthorizationRequest(services, ctx.pool, readAuthorizeParams(parsedQuery(pending.authorizeQuery)));
  if (check.kind === 'error-page') return reply.redirect(errorPageUrl(ctx, { error: check.error, client_id: check.clientId }), status);
  if (check.kind === 'redirect') return reply.redirect(authorizationRedirect(check.response), status);
  const { client, request: authorization } = check;
  const fail = (error: string, description: string): FastifyReply => {
    const response: AuthorizationResponse = {
      redirectUri: authorization.redirectUri,
      mode: authorization.responseType === 'token' ? 'fragment' : 'query',
      result: { kind: 'error', error, errorDescription: description, state: authorization.state },
    };
    return reply.redirect(authorizationRedirect(response), status);
  };
  if ('error' in outcome) return fail(outcome.error, outcome.description);
  // The provider the answer came from must be the one the app asked for (or, IdP-initiated, none named).
  if (check.provider !== undefined && check.provider.ProviderName !== outcome.assertion.provider.ProviderName)
    return fail('invalid_request', 'The answer came from another identity provider.');

  let signedIn: Awaited<ReturnType<typeof signInExternalUser>>;
  try {
    // Federated sign-ins are AWS's UserFederation category (`--quotas`).
    await countRequest(services, regionOfPoolId(ctx.pool.Id), 'UserFederation');
    signedIn = await signInExternalUser(services, ctx.pool, client, outcome.assertion);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'TooManyRequestsException') return fail('temporarily_unavailable', error.message);
    if (error instanceof CognitoError) return fail('invalid_request', error.message);
    throw error;
  }
  setSsoCookie(reply, ctx, await createSsoSession(services, ctx.pool, signedIn.user, signedIn.authTime));
  const response = await completeAuthorization(services, { pool: ctx.pool, client, user: signedIn.user, authTime: signedIn.authTime, request: authorization });
  return reply.redirect(authorizationRedirect(response), status);
}

/** A provider's error code and text are passed on only as printable ASCII of a sane length. */
const printable = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= max && /^[\x20-\x7e]+$/.test(value) ? value : undefined;

const field = (source: unknown, name: string): string | undefined => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

async function idpResponse(services: Services, request: FastifyRequest, reply: FastifyReply, source: unknown): Promise<FastifyReply> {
  const ctx = contextOf(request);
  reply.header('cache-control', 'no-store');
  const pending = openPending(services, field(source, 'state'));
  // Without a pending sign-in there is no app to send anything back to.
  if (!pending || !sameBrowser(request, pending)) return reply.redirect(errorPageUrl(ctx, { error: 'invalid_request' }), request.method === 'POST' ? 303 : 302);
  if (request.method === 'GET') {
    const { name, path, secure } = poolCookie(ctx, BINDING_COOKIE);
    reply.clearCookie(name, { httpOnly: true, sameSite: 'lax', path, secure });
  }
  const finishWith = (outcome: Parameters<typeof finishFederatedSignIn>[4]) => finishFederatedSignIn(services, request, reply, pending, outcome);

  const upstreamError = field(source, 'error');
  if (upstreamError !== undefined) {
    const error = printable(upstreamError, 128) ?? 'invalid_request';
    return finishWith({ error, description: printable(field(source, 'error_description'), 512) ?? error });
  }
  const code = field(source, 'code');
  if (code === undefined || code === '') return finishWith({ error: 'invalid_request', description: 'The identity provider returned no authorization code.' });
  const provider = await identityProviderForSignIn(services, pending.poolId, { name: pending.providerName });
  if (!provider || provider.ProviderType === 'SAML')
    return finishWith({ error: 'invalid_request', description: `Identity provider ${pending.providerName} does not exist for this user pool.` });
  try {
    const appleUser = field(source, 'user');
    const assertion = await redeemUpstreamCode(services, provider, pending, { code, ...(appleUser !== undefined ? { appleUser } : {}) }, idpResponseUrl(services, request));
    return await finishWith({ assertion });
  } catch (error) {
    if (error instanceof UpstreamError) return finishWith({ error: error.error, description: error.description });
    throw error;
  }
}

export function federationRoutes(app: FastifyInstance, services: Services): void {
  app.get('/oauth2/idpresponse', async (request, reply) => idpResponse(services, request, reply, request.query));
  // Sign in with Apple answers by a form post (response_mode=form_post).
  app.post('/oauth2/idpresponse', async (request, reply) => idpResponse(services, request, reply, request.body));
}
