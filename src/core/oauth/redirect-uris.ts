/**
 * Redirect URI rules. Matching is exact string comparison (RFC 9700 §4.1.3), except that a loopback
 * URI of a native app may use any port (RFC 8252 §7.3), since the app picks a free port when it
 * starts; that flexibility is only granted where it is safe (see `anyLoopbackPort`).
 */

// Scheme and host exactly as written (no case folding, no normalisation), an optional port, the rest.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::(\d{1,5}))?([/?][^#]*)?$/;

/**
 * Schemes a browser would run or read locally instead of navigating to an app: a redirect there
 * executes script in the authorization server's origin or hands the code to a local file. Cognito
 * refuses them; custom app schemes (`myapp://callback`) stay allowed.
 */
const DANGEROUS_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:', 'view-source:']);

/** The scheme (`javascript:`) when the URI uses a dangerous one; URL parsing strips the tabs and spaces tricks hide behind. */
export function dangerousScheme(uri: string): string | undefined {
  let protocol: string;
  try {
    protocol = new URL(uri).protocol;
  } catch {
    return undefined;
  }
  return DANGEROUS_SCHEMES.has(protocol) ? protocol : undefined;
}

function loopbackParts(uri: string): { host: string; rest: string } | undefined {
  const m = LOOPBACK.exec(uri);
  if (!m) return undefined;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return undefined;
  return { host: m[1]!, rest: m[3] ?? '' };
}

export interface MatchOptions {
  /**
   * Whether a loopback URI may differ from the registered one in its port. At /oauth2/authorize only
   * with S256 PKCE: any local process can listen on another port, and only PKCE keeps the code it
   * receives useless to it. Logout URIs carry nothing secret.
   */
  anyLoopbackPort: boolean;
}

export function redirectUriMatches(registered: string, requested: string, options: MatchOptions = { anyLoopbackPort: true }): boolean {
  if (dangerousScheme(requested) !== undefined) return false;
  if (registered === requested) return true;
  if (!options.anyLoopbackPort) return false;
  const a = loopbackParts(registered);
  const b = loopbackParts(requested);
  return a !== undefined && b !== undefined && a.host === b.host && a.rest === b.rest;
}

export const isRegisteredUri = (registered: readonly string[] | undefined, requested: string, options?: MatchOptions): boolean =>
  (registered ?? []).some((r) => redirectUriMatches(r, requested, options));
