import { createHash } from 'node:crypto';
import type { ClientAuth } from './token-endpoint.js';
import type { ChallengeMethod } from './pkce.js';
import { configError } from './errors.js';

export type GrantType = 'authorization_code' | 'implicit' | 'client_credentials' | 'password' | 'refresh_token';

export const GRANT_TYPES: readonly GrantType[] = ['authorization_code', 'implicit', 'client_credentials', 'password', 'refresh_token'];

/**
 * How the password grant signs in: the token endpoint's `grant_type=password` (where a server offers it;
 * Cognito does not), or Cognito's own API with InitiateAuth (USER_PASSWORD_AUTH or USER_SRP_AUTH).
 */
export type PasswordFlow = 'oauth' | 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';

export const PASSWORD_FLOWS: readonly PasswordFlow[] = ['oauth', 'USER_PASSWORD_AUTH', 'USER_SRP_AUTH'];

/** Everything the client needs to get a token; Postman's "Configure New Token" plus discovery. */
export interface ClientSettings {
  grant: GrantType;
  /** The issuer, for discovery. */
  issuer?: string;
  /** A pool on a Cognate server (with `endpoint`) or on Cognito's API host. */
  poolId?: string;
  /** The Cognate server (or Cognito API host) `poolId` lives on. */
  endpoint?: string;
  authUrl?: string;
  tokenUrl?: string;
  revokeUrl?: string;
  clientId: string;
  clientSecret?: string;
  clientAuth?: ClientAuth;
  scope?: string;
  /** A fixed `state`; a random one is used otherwise. */
  state?: string;
  /** `false` sends the authorization code request without PKCE. */
  pkce?: boolean;
  codeChallengeMethod?: ChallengeMethod;
  /** A registered redirect URI; a loopback one is listened on, any other is pasted back by the user. */
  redirectUri?: string;
  /** Extra parameters for the authorization request and for the token request. */
  authParams?: Record<string, string>;
  tokenParams?: Record<string, string>;
  username?: string;
  password?: string;
  totpSecret?: string;
  /** For a first sign-in that must set a new password (and any required attributes). */
  newPassword?: string;
  userAttributes?: Record<string, string>;
  /** `identity_provider` of the authorization request: sign in through this provider of the pool (federation). */
  identityProvider?: string;
  /** The identity to type on Cognate's social stand-in page, unattended: sub, email, name, picture, given_name, family_name. */
  standInIdentity?: Record<string, string>;
  passwordFlow?: PasswordFlow;
  /** Cognito's JSON API, for the Cognito password flows and for refreshing what they issued. */
  cognitoEndpoint?: string;
  /** A refresh token to use with the refresh_token grant. */
  refreshToken?: string;
}

/** Settings with the pool shorthand expanded: `--pool` on `--endpoint` means the issuer `<endpoint>/<pool>`. */
export function normalizeSettings(settings: ClientSettings): ClientSettings {
  const out = { ...settings };
  if (!out.clientId) throw configError('No client id: give --client-id (or a --profile that has one)');
  if (out.poolId && !out.issuer) {
    const endpoint = out.endpoint ?? 'http://localhost:9400';
    out.issuer = `${endpoint.replace(/\/+$/, '')}/${out.poolId}`;
  }
  for (const [name, value] of [['issuer', out.issuer], ['authUrl', out.authUrl], ['tokenUrl', out.tokenUrl], ['redirectUri', out.redirectUri]] as const) {
    if (value !== undefined && !URL.canParse(value)) throw configError(`${name} is not a URL: ${value}`);
  }
  return out;
}

/**
 * What identifies the tokens a configuration yields, so that a cache entry made under other settings
 * (another client, scope or user) is never handed out.
 */
export function settingsFingerprint(settings: ClientSettings): string {
  const identity = {
    issuer: settings.issuer,
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    // Every user grant yields the same kind of tokens; a machine token is another thing.
    grant: settings.grant === 'client_credentials' ? 'machine' : 'user',
    scope: settings.scope ?? '',
    username: settings.grant === 'client_credentials' ? '' : (settings.username ?? ''),
    // Another directory, or another person at the stand-in, is another user.
    ...(settings.identityProvider ? { identityProvider: settings.identityProvider, standIn: settings.standInIdentity ?? {} } : {}),
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}
