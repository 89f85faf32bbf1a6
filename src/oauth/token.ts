import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateClient } from '../core/oauth/client-auth.js';
import type { AuthenticatedClient } from '../core/oauth/client-auth.js';
import { CognitoError } from '../core/errors.js';
import { oauthError } from '../core/oauth/errors.js';
import { revokeClientToken } from '../core/oauth/revoke.js';
import type { GrantedTokens } from '../core/oauth/token.js';
import { authorizationCodeGrant, checkGrantAllowed, clientCredentialsGrant, passwordGrant, refreshTokenGrant } from '../core/oauth/token.js';
import type { Services } from '../core/services.js';
import { contextOf } from '../web/pool-context.js';
import { clientCredentialsOf, usesBasic } from './client-credentials.js';
import type { SingleParams } from './form.js';
import { requiredParam, singleParams } from './form.js';
import { countOAuthRequest, isRateExceeded, sendRateExceeded } from './quota.js';
import { allowCors, isForm, noStore, sendOAuthError } from './responses.js';

const notForm = () => oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');

/** The token endpoint's JSON answer (RFC 6749 §5.1, cognito-wire.md §1.5). */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

export function tokenResponse(tokens: GrantedTokens): TokenResponse {
  return {
    access_token: tokens.accessToken,
    ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
    ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
  };
}

/** A Cognito error of the core (a refresh token revoked, expired, of another client...) is an `invalid_grant`. */
async function asInvalidGrant<T>(grant: () => Promise<T>): Promise<T> {
  try {
    return await grant();
  } catch (error) {
    if (error instanceof CognitoError && error.type !== 'InternalErrorException') throw oauthError('invalid_grant', error.message);
    throw error;
  }
}

/** The form of a token or revocation request, and the client it authenticates. */
async function authenticatedForm(services: Services, request: FastifyRequest): Promise<{ params: SingleParams; auth: AuthenticatedClient }> {
  if (!isForm(request)) throw notForm();
  const params = singleParams(request.body);
  const auth = await authenticateClient(services, contextOf(request).pool, clientCredentialsOf(request.headers.authorization, params));
  return { params, auth };
}

async function grant(services: Services, request: FastifyRequest): Promise<TokenResponse> {
  const { pool } = contextOf(request);
  const { params, auth } = await authenticatedForm(services, request);
  const { client } = auth;
  switch (params.grant_type) {
    case undefined:
      throw oauthError('invalid_request', 'Missing required parameter grant_type');
    case 'authorization_code': {
      checkGrantAllowed(auth, 'authorization_code');
      const code = requiredParam(params, 'code');
      return tokenResponse(await authorizationCodeGrant(services, pool, client, { code, redirectUri: params.redirect_uri, codeVerifier: params.code_verifier }));
    }
    case 'refresh_token': {
      const refreshToken = requiredParam(params, 'refresh_token');
      return tokenResponse(await asInvalidGrant(() => refreshTokenGrant(services, pool, client, refreshToken)));
    }
    case 'client_credentials':
      checkGrantAllowed(auth, 'client_credentials');
      return tokenResponse(await clientCredentialsGrant(services, pool, client, params.scope));
    case 'password': {
      checkGrantAllowed(auth, 'password');
      const username = requiredParam(params, 'username');
      const password = requiredParam(params, 'password');
      return tokenResponse(await passwordGrant(services, pool, client, {
          username,
          password,
          scope: params.scope,
          origin: { ip: request.ip, ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}) },
        }));
    }
    default:
      throw oauthError('unsupported_grant_type');
  }
}

async function revoke(services: Services, request: FastifyRequest): Promise<void> {
  const { params, auth } = await authenticatedForm(services, request);
  const token = requiredParam(params, 'token');
  try {
    await revokeClientToken(services, auth.client, token);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'UnsupportedOperationException') throw oauthError('invalid_request', error.message);
    if (error instanceof CognitoError && error.type === 'NotAuthorizedException') throw oauthError('invalid_request', 'The token was not issued to this client.');
    throw error;
  }
}

/** `POST /oauth2/token` (cognito-wire.md §1.5) and `POST /oauth2/revoke` (§1.7). */
export function tokenRoutes(app: FastifyInstance, services: Services): void {
  for (const path of ['/oauth2/token', '/oauth2/revoke']) {
    app.options(path, async (_request, reply) => allowCors(reply).code(204).send());
  }

  app.post('/oauth2/token', async (request, reply) => {
    allowCors(noStore(reply));
    try {
      await countOAuthRequest(services, request, 'token');
      return reply.send(await grant(services, request));
    } catch (error) {
      if (isRateExceeded(error)) return sendRateExceeded(reply);
      return sendOAuthError(reply, error, services, usesBasic(request.headers.authorization));
    }
  });

  app.post('/oauth2/revoke', async (request, reply) => {
    allowCors(noStore(reply));
    try {
      await countOAuthRequest(services, request, 'revoke');
      await revoke(services, request);
      return reply.code(200).send();
    } catch (error) {
      if (isRateExceeded(error)) return sendRateExceeded(reply);
      return sendOAuthError(reply, error, services, usesBasic(request.headers.authorization));
    }
  });
}
