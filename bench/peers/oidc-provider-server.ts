/**
 * oidc-provider (panva/node-oidc-provider) set up for the client-credentials comparison: one
 * confidential client, JWT access tokens signed RS256 for one resource server (a resource indicator),
 * the default in-memory adapter. Run in its own process by bench/peers/oidc-provider.ts; prints
 * "listening on <url>" like Cognate.
 */
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const RESOURCE = 'https://api.bench.example';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' };

const port = Number(process.env.PORT ?? 0);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: process.env.CLIENT_ID!,
      client_secret: process.env.CLIENT_SECRET!,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  scopes: ['read', 'write'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'read write', audience: RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }),
    },
  },
});
const server = provider.listen(port, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`oidc-provider listening on http://127.0.0.1:${address.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
