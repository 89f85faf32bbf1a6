import type { FastifyInstance, FastifyReply } from 'fastify';
import { issuerOf, poolBaseUrl } from '../core/token/issuer.js';
import { customScopesOfPool } from '../core/pool/resource-servers.js';
import type { Services } from '../core/services.js';
import { poolJwksBody } from '../core/keys/signing-keys.js';
import { contextOf } from '../web/pool-context.js';
import { allowCors } from './responses.js';

const CLAIMS = [
  'sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'token_use', 'cognito:username', 'cognito:groups',
  'email', 'email_verified', 'phone_number', 'phone_number_verified', 'name', 'given_name', 'family_name', 'middle_name',
  'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale',
  'address', 'updated_at',
];

/**
 * Per-pool OIDC discovery and JWKS. The endpoints advertised are the path form on this server
 * (`<public-url>/<poolId>/oauth2/...`), which works wherever the server can be reached, even where
 * `*.localhost` names do not resolve. No `end_session_endpoint`: Cognito's /logout is not OIDC
 * RP-initiated logout, and advertising it would make clients send parameters it ignores.
 */
export function wellKnownRoutes(app: FastifyInstance, services: Services): void {
  for (const path of ['/.well-known/jwks.json', '/.well-known/openid-configuration']) {
    app.options(path, async (_request, reply) => allowCors(reply).code(204).send());
  }

  app.get('/.well-known/jwks.json', async (request, reply) => {
    const { pool } = contextOf(request);
    const body = await poolJwksBody(services, pool.Id);
    return allowCors(reply).header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(body);
  });

  app.get('/.well-known/openid-configuration', async (request, reply) => {
    const { pool } = contextOf(request);
    const base = poolBaseUrl(services.settings, pool.Id);
    const issuer = issuerOf(services.settings, pool.Id);
    const scopes = await customScopesOfPool(services, pool.Id);
    const kept = discoveryBodies.get(scopes);
    // The document changes only with the pool's resource servers (a new set from the cache) or the server's URLs.
    if (kept && kept.base === base && kept.issuer === issuer) return sendDiscovery(reply, kept.body);
    const body = JSON.stringify(discovery(issuer, base, scopes));
    discoveryBodies.set(scopes, { base, issuer, body });
    return sendDiscovery(reply, body);
  });
}

// By the pool's scope set from the configuration cache: a pool's set is its own, and is dropped with it.
const discoveryBodies = new WeakMap<ReadonlySet<string>, { base: string; issuer: string; body: string }>();

function sendDiscovery(reply: FastifyReply, body: string): FastifyReply {
  return allowCors(reply).header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(body);
}

function discovery(issuer: string, base: string, scopes: ReadonlySet<string>): Record<string, unknown> {
  const custom = [...scopes].sort();
  return {
    issuer,
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    userinfo_endpoint: `${base}/oauth2/userInfo`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
    scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin', ...custom],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: CLAIMS,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}
