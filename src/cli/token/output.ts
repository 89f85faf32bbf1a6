import type { GetTokenResult, Profile, TokenSet } from '../../client/index.js';
import { TokenClientError } from '../../client/index.js';
import type { VerifiedToken } from '../../verify/index.js';

/**
 * Everything `cognate token` and its subcommands print. Results go to stdout, messages to stderr, so
 * that `$(cognate token --raw ...)` holds only the token.
 */

/** A message for the person at the terminal, on stderr. */
export const status = (message: string) => process.stderr.write(`${message}\n`);

const out = (text: string) => process.stdout.write(`${text}\n`);
const json = (value: unknown) => out(JSON.stringify(value, null, 2));

/** "in 59 min", "3 days ago". */
function relative(epochSeconds: number, now = Date.now() / 1000): string {
  const delta = Math.round(epochSeconds - now);
  const abs = Math.abs(delta);
  const text = abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min` : abs < 172800 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} days`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

const isoOf = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

/** How `cognate token` shows the tokens: its own flags. */
export interface TokenPrintOptions {
  /** `--id-token`: the ID token instead of the access token. */
  idToken: boolean;
  raw: boolean;
  json: boolean;
  /** Whether tokens are cached (not `--no-cache`): says where the refresh token went. */
  cache: boolean;
}

/** The token asked for: the access token, or with `--id-token` the ID token, which needs the openid scope. */
export function chosenToken(tokens: TokenSet, idToken: boolean): string {
  if (!idToken) return tokens.access_token;
  if (!tokens.id_token) throw new TokenClientError('oauth', 'No ID token was issued (ask for the openid scope)');
  return tokens.id_token;
}

export function printTokens(tokens: TokenSet, from: GetTokenResult['from'], options: TokenPrintOptions): void {
  const chosen = chosenToken(tokens, options.idToken);
  if (options.raw) {
    out(chosen);
    return;
  }
  if (options.json) {
    json({
      access_token: tokens.access_token,
      token_type: tokens.token_type,
      expires_in: Math.max(0, tokens.expires_at - Math.floor(Date.now() / 1000)),
      expires_at: isoOf(tokens.expires_at),
      ...(tokens.scope ? { scope: tokens.scope } : {}),
      ...(tokens.id_token ? { id_token: tokens.id_token } : {}),
      ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
      from,
    });
    return;
  }
  const origin = from === 'cache' ? 'from the cache' : from === 'refresh' ? 'refreshed' : 'new';
  out(
    [
      `${options.idToken ? 'ID' : 'Access'} token (${origin}, expires ${isoOf(tokens.expires_at)}, ${relative(tokens.expires_at)}):`,
      chosen,
      '',
      `token_type:    ${tokens.token_type}`,
      ...(tokens.scope ? [`scope:         ${tokens.scope}`] : []),
      `id_token:      ${tokens.id_token ? (options.idToken ? 'shown above' : 'yes (--id-token shows it)') : 'no'}`,
      `refresh_token: ${tokens.refresh_token ? (options.cache ? 'yes (kept in the cache)' : 'yes (--json shows it)') : 'no'}`,
    ].join('\n'),
  );
}

/** `token decode`: header and claims, and the times among the claims as dates. */
export function printDecoded(header: unknown, claims: Record<string, unknown>, asJson: boolean): void {
  if (asJson) {
    json({ header, claims });
    return;
  }
  const lines = ['Header:', JSON.stringify(header, null, 2), '', 'Claims:', JSON.stringify(claims, null, 2)];
  const times = ['iat', 'nbf', 'auth_time', 'exp'].filter((k) => typeof claims[k] === 'number');
  if (times.length) {
    lines.push('', 'Times:');
    for (const k of times) {
      const t = claims[k] as number;
      lines.push(`  ${k.padEnd(10)} ${isoOf(t)}  (${relative(t)})${k === 'exp' && t < Date.now() / 1000 ? '  EXPIRED' : ''}`);
    }
  }
  out(lines.join('\n'));
}

/** `token verify`: a token that passed. */
export function printValid(issuer: string, { claims, subject }: VerifiedToken, asJson: boolean): void {
  if (asJson) {
    json({ valid: true, issuer, claims });
    return;
  }
  const exp = claims.exp!;
  out(`valid: ${claims.token_use ?? 'unknown'} token of ${subject}, issued by ${issuer}, expires ${isoOf(exp)} (${relative(exp)})`);
}

/** `token verify --json`: a token that did not pass (without --json it is an error message). */
export function printInvalid(reason: string, message: string): void {
  json({ valid: false, reason, message });
}

/** `token profiles`: one line per profile, or JSON with client secrets hidden. */
export function printProfiles(profiles: Record<string, Profile>, asJson: boolean): void {
  if (asJson) {
    json(Object.fromEntries(Object.entries(profiles).map(([k, p]) => [k, { ...p, ...(p.clientSecret ? { clientSecret: '(hidden)' } : {}) }])));
    return;
  }
  if (Object.keys(profiles).length === 0) status(`No profiles yet; save one with: cognate token --profile <name> --save <settings>`);
  for (const [name, p] of Object.entries(profiles)) {
    const where = p.issuer ?? (p.poolId ? `${p.poolId} on ${p.endpoint ?? 'http://localhost:9400'}` : (p.tokenUrl ?? '?'));
    process.stdout.write(`${name}\t${p.grant ?? 'authorization_code'}\t${p.clientId ?? '?'}\t${where}\n`);
  }
}
