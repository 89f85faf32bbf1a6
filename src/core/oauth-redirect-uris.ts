/**
 * Redirect URI matching: exact string comparison (RFC 9700 §4.1.3), except that a loopback URI of a
 * native app may use any port (RFC 8252 §7.3), since the app picks a free port when it starts.
 */

// Scheme and host exactly as written (no case folding, no normalisation), an optional port, the rest.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(?::(\d{1,5}))?([/?][^#]*)?$/;

function loopbackParts(uri: string): { host: string; rest: string } | undefined {
  const m = LOOPBACK.exec(uri);
  if (!m) return undefined;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return undefined;
  return { host: m[1]!, rest: m[3] ?? '' };
}

export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = loopbackParts(registered);
  const b = loopbackParts(requested);
  return a !== undefined && b !== undefined && a.host === b.host && a.rest === b.rest;
}

export const isRegisteredUri = (registered: readonly string[] | undefined, requested: string): boolean =>
  (registered ?? []).some((r) => redirectUriMatches(r, requested));
