import type { FastifyInstance } from 'fastify';
import { CognitoError } from '../core/errors.js';
import { issuerOf, poolBaseUrl } from '../core/issuer.js';
import { getPool } from '../core/pools.js';
import type { Services } from '../core/services.js';
import { poolJwks } from '../core/signing-keys.js';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/** Per-pool OIDC discovery and JWKS, served by the issuer path as Cognito serves them. */
export async function wellKnownPlugin(app: FastifyInstance, options: { services: Services }): Promise<void> {
  const { services } = options;

  async function poolOr404(poolId: string) {
    if (!POOL_ID.test(poolId)) return undefined;
    try {
      return await getPool(services, poolId);
    } catch (error) {
      if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  app.get('/:poolId/.well-known/jwks.json', async (request, reply) => {
    const { poolId } = request.params as { poolId: string };
    const pool = await poolOr404(poolId);
    if (!pool) return reply.code(404).send({ message: `User pool ${poolId} does not exist.` });
    return reply.header('cache-control', 'public, max-age=300').send(await poolJwks(services, pool.Id));
  });

  app.get('/:poolId/.well-known/openid-configuration', async (request, reply) => {
    const { poolId } = request.params as { poolId: string };
    const pool = await poolOr404(poolId);
    if (!pool) return reply.code(404).send({ message: `User pool ${poolId} does not exist.` });
    const base = poolBaseUrl(services.settings, pool.Id);
    return reply.header('cache-control', 'public, max-age=300').send({
      issuer: issuerOf(services.settings, pool.Id),
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      end_session_endpoint: `${base}/logout`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
      scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'token_use', 'cognito:username', 'cognito:groups',
        'email', 'email_verified', 'phone_number', 'phone_number_verified', 'name', 'given_name', 'family_name', 'middle_name',
        'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale',
        'address', 'updated_at',
      ],
    });
  });
}
