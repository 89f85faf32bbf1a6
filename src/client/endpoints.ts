import { TokenClientError, configError } from './errors.js';
import { jsonOf, send } from './http.js';

/** Where a client sends its requests: the OAuth endpoints and, for Cognito's own sign-in API, the pool. */
export interface Endpoints {
  authorizationEndpoint?: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  userInfoEndpoint?: string;
  jwksUri?: string;
  issuer?: string;
}

export interface EndpointSettings {
  /** The issuer; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  issuer?: string;
  /** Postman's "Auth URL": `<domain>/login` or `<domain>/oauth2/authorize`. */
  authUrl?: string;
  /** Postman's "Access Token URL". */
  tokenUrl?: string;
  revokeUrl?: string;
}

const discoveryCache = new Map<string, Promise<Record<string, unknown>>>();

/** The discovery document of an issuer (cached for the life of the process). */
export function discover(issuer: string): Promise<Record<string, unknown>> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let doc = discoveryCache.get(url);
  if (!doc) {
    doc = (async () => {
      const res = await send(url, { headers: { accept: 'application/json' } });
      const body = await jsonOf(res);
      if (!res.ok || !body || typeof body.token_endpoint !== 'string')
        throw new TokenClientError('config', `No OpenID discovery document at ${url} (HTTP ${res.status}); check --issuer / --pool and --endpoint`);
      return body;
    })();
    discoveryCache.set(url, doc);
    doc.catch(() => discoveryCache.delete(url));
  }
  return doc;
}

/**
 * The endpoints of a configuration: explicit URLs win (Postman style), the rest comes from discovery.
 * Without discovery, the revocation endpoint is the token endpoint's sibling, as Cognito places it.
 */
export async function resolveEndpoints(settings: EndpointSettings): Promise<Endpoints> {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const doc = settings.issuer && !(settings.authUrl && settings.tokenUrl) ? await discover(settings.issuer) : undefined;
  const tokenEndpoint = settings.tokenUrl ?? str(doc?.token_endpoint);
  if (!tokenEndpoint) throw configError('No token endpoint: give --issuer (or --pool with --endpoint), or --token-url');
  const sibling = (name: string) => (/\/oauth2\/token$/.test(tokenEndpoint) ? tokenEndpoint.replace(/token$/, name) : undefined);
  return {
    authorizationEndpoint: settings.authUrl ?? str(doc?.authorization_endpoint),
    tokenEndpoint,
    revocationEndpoint: settings.revokeUrl ?? str(doc?.revocation_endpoint) ?? sibling('revoke'),
    userInfoEndpoint: str(doc?.userinfo_endpoint) ?? sibling('userInfo'),
    jwksUri: str(doc?.jwks_uri) ?? (settings.issuer ? `${settings.issuer.replace(/\/+$/, '')}/.well-known/jwks.json` : undefined),
    issuer: str(doc?.issuer) ?? settings.issuer,
  };
}

/**
 * The issuer of a pool: Cognate serves it under `<endpoint>/<poolId>`, and so does Cognito's API host
 * (`https://cognito-idp.<region>.amazonaws.com/<poolId>`).
 */
export const poolIssuer = (endpoint: string, poolId: string): string => `${endpoint.replace(/\/+$/, '')}/${poolId}`;

/**
 * The Cognito API endpoint and pool id behind an issuer URL `<base>/<poolId>`: Cognate and Cognito both
 * answer the JSON API at `<base>/`.
 */
export function cognitoApiOf(issuer: string): { endpoint: string; poolId: string } {
  const url = new URL(issuer);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const poolId = parts.pop();
  if (!poolId || !/^[\w-]+_[0-9a-zA-Z]+$/.test(poolId)) throw configError(`${issuer} does not end with a user pool id; give --pool`);
  url.pathname = `/${parts.join('/')}${parts.length ? '/' : ''}`;
  return { endpoint: url.toString(), poolId };
}

/**
 * The issuer and JWKS address that settings name, through discovery: `issuer`, or `poolId` on `endpoint`
 * (default `http://localhost:9400`). Undefined when the settings name neither.
 */
export async function discoverIssuer(settings: { issuer?: string; poolId?: string; endpoint?: string }): Promise<{ issuer: string; jwksUri?: string } | undefined> {
  const location = settings.issuer ?? (settings.poolId ? poolIssuer(settings.endpoint ?? 'http://localhost:9400', settings.poolId) : undefined);
  if (!location) return undefined;
  const doc = await discover(location);
  return { issuer: String(doc.issuer ?? location), jwksUri: typeof doc.jwks_uri === 'string' ? doc.jwks_uri : undefined };
}
