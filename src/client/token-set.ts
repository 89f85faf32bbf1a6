import { decodeJwt } from 'jose';
import type { TokenResponse } from './token-endpoint.js';

/** How a token set was obtained, which decides how it is refreshed. */
export type TokenSource = 'oauth' | 'cognito';

/** Tokens as the client keeps them: absolute expiry, and where they came from. */
export interface TokenSet {
  access_token: string;
  token_type: string;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
  /** Epoch seconds. */
  expires_at: number;
  source: TokenSource;
}

/** Seconds before expiry at which a cached token is no longer handed out. */
export const EXPIRY_MARGIN_SECONDS = 60;

const nowSeconds = () => Math.floor(Date.now() / 1000);

function jwtExpiry(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** Scopes a JWT access token carries (Cognito puts them in `scope`). */
function jwtScope(token: string): string | undefined {
  try {
    const scope = decodeJwt(token).scope;
    return typeof scope === 'string' ? scope : undefined;
  } catch {
    return undefined;
  }
}

export function tokenSetOf(response: TokenResponse, source: TokenSource, previous?: TokenSet): TokenSet {
  const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : Number(response.expires_in);
  const expires_at = Number.isFinite(expiresIn) && expiresIn > 0 ? nowSeconds() + expiresIn : (jwtExpiry(response.access_token) ?? nowSeconds() + 3600);
  return {
    access_token: response.access_token,
    token_type: response.token_type ?? 'Bearer',
    ...(response.id_token ? { id_token: response.id_token } : {}),
    // A refresh answer without a refresh token (no rotation) keeps the one that was used.
    ...(response.refresh_token || previous?.refresh_token ? { refresh_token: response.refresh_token ?? previous?.refresh_token } : {}),
    ...(response.scope || jwtScope(response.access_token) ? { scope: response.scope ?? jwtScope(response.access_token) } : {}),
    expires_at,
    source,
  };
}

/** True while the access token is good for at least the margin. */
export const isFresh = (tokens: TokenSet, margin = EXPIRY_MARGIN_SECONDS, now = nowSeconds()): boolean => tokens.expires_at - margin > now;
