import type { Services, SocialProviderType } from '../../services.js';
import type { IdentityProviderDescription } from '../types.js';
import { unusable } from './upstream-error.js';

/**
 * Where an OIDC or social provider is reached. An OIDC provider's endpoints come from its issuer's
 * discovery document, unless ProviderDetails name them all (authorize_url, token_url, jwks_uri). A
 * social type is reached at Cognate's own stand-in, `<public URL>/_cognate/social/<Type>`, or at the
 * OIDC issuer `--provider-endpoint <Type>=<url>` names; the real providers' URLs that Describe shows
 * are never called.
 */
export interface UpstreamEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint?: string;
  jwksUri?: string;
  /** `token_endpoint_auth_methods_supported`; OIDC Discovery's default is client_secret_basic alone. */
  tokenAuthMethods: string[];
  /** Whether the provider takes S256 PKCE. */
  pkce: boolean;
}

interface Discovery {
  issuer?: unknown;
  authorization_endpoint?: unknown;
  token_endpoint?: unknown;
  userinfo_endpoint?: unknown;
  jwks_uri?: unknown;
  token_endpoint_auth_methods_supported?: unknown;
  code_challenge_methods_supported?: unknown;
}

const SOCIAL: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Discovery documents change rarely; a provider reconfigured meanwhile is seen again after this long. */
const DISCOVERY_TTL_MS = 10 * 60_000;
export const UPSTREAM_TIMEOUT_MS = 10_000;

const discoveries = new Map<string, { doc: Discovery; fetchedAt: number }>();

export const isSocialType = (type: string | undefined): type is SocialProviderType => type !== undefined && SOCIAL.has(type);

/** The issuer a social type is reached at. */
export function socialIssuer(services: Services, type: SocialProviderType): string {
  return services.settings.providerEndpoints?.[type] ?? `${services.settings.publicUrl}/_cognate/social/${type}`;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** HTTPS, or HTTP to a loopback address (a provider on this machine). */
export function checkUpstreamUrl(value: unknown, what: string): string {
  if (typeof value !== 'string') throw unusable(`The identity provider's ${what} is missing.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw unusable(`The identity provider's ${what} is not a URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    throw unusable(`The identity provider's ${what} must use HTTPS.`);
  return value;
}

async function discover(services: Services, issuer: string): Promise<Discovery> {
  const cached = discoveries.get(issuer);
  const now = services.clock.now();
  if (cached && now - cached.fetchedAt < DISCOVERY_TTL_MS && now >= cached.fetchedAt) return cached.doc;
  let doc: Discovery;
  try {
    const res = await fetch(`${trimSlash(issuer)}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS), redirect: 'error' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = (await res.json()) as Discovery;
  } catch (error) {
    services.log.warn({ issuer, reason: (error as Error).message }, 'identity provider discovery failed');
    throw unusable('The identity provider could not be reached.');
  }
  if (!doc || typeof doc !== 'object' || typeof doc.issuer !== 'string' || trimSlash(doc.issuer) !== trimSlash(issuer))
    throw unusable('The identity provider\'s discovery document names another issuer.');
  discoveries.set(issuer, { doc, fetchedAt: now });
  return doc;
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

export async function upstreamEndpoints(services: Services, provider: IdentityProviderDescription): Promise<UpstreamEndpoints> {
  const details = provider.ProviderDetails ?? {};
  const type = provider.ProviderType;
  const issuer = isSocialType(type) ? socialIssuer(services, type) : details.oidc_issuer;
  checkUpstreamUrl(issuer, 'issuer');
  const manual = type === 'OIDC' && !!details.authorize_url && !!details.token_url && !!details.jwks_uri;
  const doc: Discovery = manual ? { issuer } : await discover(services, issuer!);
  // An OIDC provider's explicit endpoints win over what discovery says, as in Cognito's console.
  const pick = (key: 'authorize_url' | 'token_url' | 'attributes_url' | 'jwks_uri', discovered: unknown): unknown =>
    type === 'OIDC' && details[key] ? details[key] : discovered;
  const userinfo = pick('attributes_url', doc.userinfo_endpoint);
  const jwks = pick('jwks_uri', doc.jwks_uri);
  return {
    issuer: trimSlash(issuer!) === trimSlash(String(doc.issuer)) ? String(doc.issuer) : issuer!,
    authorizationEndpoint: checkUpstreamUrl(pick('authorize_url', doc.authorization_endpoint), 'authorization endpoint'),
    tokenEndpoint: checkUpstreamUrl(pick('token_url', doc.token_endpoint), 'token endpoint'),
    ...(userinfo !== undefined ? { userinfoEndpoint: checkUpstreamUrl(userinfo, 'userInfo endpoint') } : {}),
    ...(jwks !== undefined ? { jwksUri: checkUpstreamUrl(jwks, 'JWKS URI') } : {}),
    tokenAuthMethods: strings(doc.token_endpoint_auth_methods_supported) ?? ['client_secret_basic'],
    pkce: (strings(doc.code_challenge_methods_supported) ?? []).includes('S256'),
  };
}
