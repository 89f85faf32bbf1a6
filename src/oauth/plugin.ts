import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { oauthError } from '../core/oauth/errors.js';
import type { Services } from '../core/services.js';
import { authorizeRoutes } from './authorize.js';
import { federationRoutes } from './federation.js';
import { logoutRoutes } from './logout.js';
import { sendOAuthError } from './responses.js';
import { samlRoutes } from './saml.js';
import { tokenRoutes } from './token.js';
import { userInfoRoutes } from './userinfo.js';
import { wellKnownRoutes } from './well-known.js';

export interface OAuthPluginOptions {
  services: Services;
}

/**
 * A pool's OAuth 2.0 / OIDC endpoints: discovery and JWKS, authorize, token, revoke, userInfo, logout
 * and the error page. http mounts this plugin once per URL form, inside a scope that has already
 * found the pool (`contextOf(request)`), parsed cookies and forms and checked the input.
 */
export async function oauthPlugin(app: FastifyInstance, options: OAuthPluginOptions): Promise<void> {
  const { services } = options;
  app.setErrorHandler(oauthErrorHandler(services));
  for (const routes of [wellKnownRoutes, authorizeRoutes, federationRoutes, samlRoutes, tokenRoutes, userInfoRoutes, logoutRoutes]) routes(app, services);
}

/** Unreadable bodies, wrong content types and the like are the request's fault, in OAuth's words; anything else is a logged server_error. */
export function oauthErrorHandler(services: Services) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) return sendOAuthError(reply, oauthError('invalid_request', 'The request could not be read.'), services);
    return sendOAuthError(reply, error, services);
  };
}
