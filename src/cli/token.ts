import { createInterface } from 'node:readline/promises';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ClientSettings, GetTokenResult, Profile, TokenSet } from '../client/index.js';
import {
  GRANT_TYPES,
  PASSWORD_FLOWS,
  TokenCache,
  TokenClientError,
  cacheKeyOf,
  configDir,
  deleteProfile,
  discover,
  getToken,
  normalizeSettings,
  poolIssuer,
  readConfig,
  readProfile,
  revokeTokenSet,
  saveProfile,
} from '../client/index.js';
import { settingsFingerprint } from '../client/settings.js';
import { TokenVerificationError, verifier } from '../verify/index.js';

/**
 * Exit codes shared by `cognate token` and `cognate call` (docs/token-client.md lists them).
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  /** Bad flags or settings. */
  usage: 2,
  /** No token: the sign-in was refused, denied, timed out, or the server sent an OAuth error. */
  auth: 3,
  /** `call`: the API answered 4xx. */
  clientError: 4,
  /** `call`: the API answered 5xx. */
  serverError: 5,
  /** A server (identity provider or API) could not be reached. */
  network: 6,
  /** `call`: the API answered something else than 2xx, 4xx or 5xx. */
  otherStatus: 7,
} as const;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the options that say how to get a token (shared by `token` and `call`). */
export function addClientOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--profile <name>', 'named settings from the config file; tokens are cached per profile').env('COGNATE_PROFILE'))
    .addOption(new Option('--issuer <url>', 'issuer URL, for discovery').env('COGNATE_ISSUER'))
    .addOption(new Option('--pool <id>', 'user pool id on --endpoint (issuer <endpoint>/<pool>)').env('COGNATE_POOL'))
    .addOption(new Option('--endpoint <url>', 'the Cognate server (default http://localhost:9400)').env('COGNATE_ENDPOINT'))
    .addOption(new Option('--auth-url <url>', 'authorization URL (Postman "Auth URL"): <domain>/login or <domain>/oauth2/authorize'))
    .addOption(new Option('--token-url <url>', 'token URL (Postman "Access Token URL")'))
    .addOption(new Option('--client-id <id>', 'app client id').env('COGNATE_CLIENT_ID'))
    .addOption(new Option('--client-secret <secret>', 'app client secret').env('COGNATE_CLIENT_SECRET'))
    .addOption(new Option('--client-auth <how>', 'send the client secret as a Basic "header" or in the "body"').choices(['header', 'body']))
    .addOption(new Option('--grant <type>', 'grant type (default authorization_code)').choices([...GRANT_TYPES]))
    .addOption(new Option('--scope <scopes>', 'space-separated scopes'))
    .addOption(new Option('--state <state>', 'a fixed state value (default random)'))
    .addOption(new Option('--no-pkce', 'authorization code without PKCE'))
    .addOption(new Option('--code-challenge-method <method>', 'PKCE method').choices(['S256', 'plain']))
    .addOption(new Option('--redirect-uri <uri>', 'registered callback: a loopback one is listened on (default http://127.0.0.1:<free port>/callback), any other is pasted back'))
    .addOption(new Option('--auth-param <name=value>', 'extra authorization request parameter (repeatable)').argParser(collect))
    .addOption(new Option('--token-param <name=value>', 'extra token request parameter (repeatable)').argParser(collect))
    .addOption(new Option('--username <name>', 'user name: unattended sign-in, or the password grant').env('COGNATE_USERNAME'))
    .addOption(new Option('--password <password>', 'the user\'s password (prefer COGNATE_PASSWORD)').env('COGNATE_PASSWORD'))
    .addOption(new Option('--totp-secret <base32>', 'answers TOTP MFA steps').env('COGNATE_TOTP_SECRET'))
    .addOption(new Option('--new-password <password>', 'sets this password when the user must choose one').env('COGNATE_NEW_PASSWORD'))
    .addOption(new Option('--user-attribute <name=value>', 'a required attribute for the new-password step (repeatable)').argParser(collect))
    .addOption(new Option('--password-flow <flow>', 'password grant: the token endpoint ("oauth") or Cognito\'s InitiateAuth (default USER_SRP_AUTH)').choices([...PASSWORD_FLOWS]))
    .addOption(new Option('--cognito-endpoint <url>', 'Cognito JSON API for the password flows (default: from the issuer)'))
    .addOption(new Option('--refresh-token <token>', 'refresh token for --grant refresh_token (default: the cached one)'))
    .addOption(new Option('--interactive', 'use the browser even when --username and --password are known'))
    .addOption(new Option('--no-browser', 'print the sign-in address instead of opening the browser'))
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the browser (default 300)'))
    .addOption(new Option('--no-cache', 'neither read nor write cached tokens'))
    .addOption(new Option('--force', 'get new tokens even if cached ones are still good'));
}

type Opts = Record<string, unknown>;

function pairs(values: unknown, flag: string): Record<string, string> | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const v of values as string[]) {
    const i = v.indexOf('=');
    if (i <= 0) throw new TokenClientError('config', `${flag} takes name=value, got '${v}'`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** The settings the flags and environment give (only those actually given). */
function settingsFromOptions(cmd: Command, opts: Opts): Profile {
  const given = (key: string) => {
    const source = cmd.getOptionValueSourceWithGlobals(key);
    return source !== undefined && source !== 'default' ? opts[key] : undefined;
  };
  const str = (key: string) => given(key) as string | undefined;
  const settings: Profile = {
    issuer: str('issuer'),
    poolId: str('pool'),
    endpoint: str('endpoint'),
    authUrl: str('authUrl'),
    tokenUrl: str('tokenUrl'),
    clientId: str('clientId'),
    clientSecret: str('clientSecret'),
    clientAuth: str('clientAuth') as Profile['clientAuth'],
    grant: str('grant') as Profile['grant'],
    scope: str('scope'),
    state: str('state'),
    pkce: given('pkce') as boolean | undefined,
    codeChallengeMethod: str('codeChallengeMethod') as Profile['codeChallengeMethod'],
    redirectUri: str('redirectUri'),
    authParams: pairs(given('authParam'), '--auth-param'),
    tokenParams: pairs(given('tokenParam'), '--token-param'),
    username: str('username'),
    password: str('password'),
    totpSecret: str('totpSecret'),
    newPassword: str('newPassword'),
    userAttributes: pairs(given('userAttribute'), '--user-attribute'),
    passwordFlow: str('passwordFlow') as Profile['passwordFlow'],
    cognitoEndpoint: str('cognitoEndpoint'),
    refreshToken: str('refreshToken'),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Profile;
}

export interface CommandSettings {
  settings: ClientSettings;
  profile?: string;
  given: Profile;
}

/** Flags and environment over the profile's settings, with defaults last. */
export async function loadSettings(cmd: Command): Promise<CommandSettings> {
  const opts = cmd.optsWithGlobals() as Opts;
  const given = settingsFromOptions(cmd, opts);
  const profile = opts.profile as string | undefined;
  let stored: Profile = {};
  if (profile) {
    const found = await readProfile(profile);
    if (!found && !opts.save) throw new TokenClientError('config', `No profile '${profile}' in ${configDir()}/config.json; create it with --save`);
    stored = found ?? {};
  }
  // A pool given on the command line replaces the profile's issuer, and an issuer its pool.
  if (given.poolId || given.issuer) {
    delete stored.issuer;
    delete stored.poolId;
  }
  const merged = { ...stored, ...given } as Profile;
  const settings = { ...merged, grant: merged.grant ?? 'authorization_code', clientId: merged.clientId ?? '' } as ClientSettings;
  return { settings, profile, given };
}

const status = (message: string) => process.stderr.write(`${message}\n`);

/** The exit code for an error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof TokenClientError) {
    if (error.kind === 'config') return EXIT.usage;
    if (error.kind === 'network') return EXIT.network;
    return EXIT.auth;
  }
  if (error instanceof TokenVerificationError) return error.status === 503 ? EXIT.network : EXIT.auth;
  return EXIT.unexpected;
}

/** Runs an action, turning its failure into a message and an exit code. */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      process.stderr.write(`cognate: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = exitCodeOf(error);
    }
  };
}

/** Usage errors of these commands exit with 2, not commander's 1. */
export function usageExitCodes(cmd: Command): Command {
  return cmd.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT.usage));
}

async function readRedirect(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

/** A token for a command, with the command's interactive settings. */
export async function tokenFor(cmd: Command, options: { force?: boolean } = {}): Promise<GetTokenResult & CommandSettings> {
  const loaded = await loadSettings(cmd);
  const opts = cmd.optsWithGlobals() as Opts;
  const timeout = opts.timeout === undefined ? 300 : Number(opts.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new TokenClientError('config', '--timeout takes a number of seconds');
  const result = await getToken(loaded.settings, {
    profile: loaded.profile,
    cache: opts.cache === false ? false : undefined,
    force: Boolean(opts.force) || options.force,
    headless: opts.interactive ? false : undefined,
    onStatus: status,
    interactive: {
      timeoutMs: timeout * 1000,
      readRedirect,
      openBrowser:
        opts.browser === false
          ? undefined
          : async (url: string) => {
              const { default: open } = await import('open');
              await open(url);
            },
    },
  });
  return { ...result, ...loaded };
}

function relative(epochSeconds: number, now = Date.now() / 1000): string {
  const delta = Math.round(epochSeconds - now);
  const abs = Math.abs(delta);
  const text = abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min` : abs < 172800 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} days`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

const isoOf = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

function printTokens(tokens: TokenSet, from: GetTokenResult['from'], opts: Opts): void {
  const chosen = opts.idToken ? tokens.id_token : tokens.access_token;
  if (opts.idToken && !chosen) throw new TokenClientError('oauth', 'No ID token was issued (ask for the openid scope)');
  if (opts.raw) {
    process.stdout.write(`${chosen}\n`);
    return;
  }
  const expiresIn = Math.max(0, tokens.expires_at - Math.floor(Date.now() / 1000));
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          access_token: tokens.access_token,
          token_type: tokens.token_type,
          expires_in: expiresIn,
          expires_at: isoOf(tokens.expires_at),
          ...(tokens.scope ? { scope: tokens.scope } : {}),
          ...(tokens.id_token ? { id_token: tokens.id_token } : {}),
          ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
          from,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const lines = [
    `${opts.idToken ? 'ID' : 'Access'} token (${from === 'cache' ? 'from the cache' : from === 'refresh' ? 'refreshed' : 'new'}, expires ${isoOf(tokens.expires_at)}, ${relative(tokens.expires_at)}):`,
    chosen!,
    '',
    `token_type:    ${tokens.token_type}`,
    ...(tokens.scope ? [`scope:         ${tokens.scope}`] : []),
    `id_token:      ${tokens.id_token ? (opts.idToken ? 'shown above' : 'yes (--id-token shows it)') : 'no'}`,
    `refresh_token: ${tokens.refresh_token ? (opts.cache === false ? 'yes (--json shows it)' : 'yes (kept in the cache)') : 'no'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function readJwtArgument(value: string): string {
  const text = value === '-' ? readFileSync(0, 'utf8') : value;
  return text.trim().replace(/^Bearer\s+/i, '');
}

function decodeCommand(token: Command): void {
  token
    .command('decode <jwt>')
    .description('print a JWT\'s header and claims, with readable times (no verification); "-" reads stdin')
    .option('--json', 'print {header, claims} as JSON')
    .action(
      guarded(async (jwtArg: string, opts: Opts) => {
        const jwt = readJwtArgument(jwtArg);
        let header: unknown;
        let claims: Record<string, unknown>;
        try {
          header = decodeProtectedHeader(jwt);
          claims = decodeJwt(jwt);
        } catch {
          throw new TokenClientError('config', 'That is not a JWT (three base64url parts)');
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ header, claims }, null, 2)}\n`);
          return;
        }
        const times = ['iat', 'nbf', 'auth_time', 'exp'].filter((k) => typeof claims[k] === 'number');
        const lines = ['Header:', JSON.stringify(header, null, 2), '', 'Claims:', JSON.stringify(claims, null, 2)];
        if (times.length) {
          lines.push('', 'Times:');
          for (const k of times) {
            const t = claims[k] as number;
            lines.push(`  ${k.padEnd(10)} ${isoOf(t)}  (${relative(t)})${k === 'exp' && t < Date.now() / 1000 ? '  EXPIRED' : ''}`);
          }
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}

function verifyCommand(token: Command): void {
  token
    .command('verify <jwt>')
    .description('verify a JWT against the issuer\'s JWKS (--issuer, --pool/--endpoint or --profile); "-" reads stdin')
    .addOption(new Option('--token-use <use>', 'require an access or id token (default: either)').choices(['access', 'id']))
    .addOption(new Option('--require-scope <scope>', 'a scope the token must carry (repeatable)').argParser(collect))
    .addOption(new Option('--require-group <group>', 'a group the user must be in (repeatable)').argParser(collect))
    .option('--json', 'print the result as JSON')
    .action(
      guarded(async (jwtArg: string, opts: Opts, cmd: Command) => {
        const jwt = readJwtArgument(jwtArg);
        const all = cmd.optsWithGlobals() as Opts;
        const { settings } = await loadSettings(cmd);
        let issuer: string | undefined;
        let jwksUri: string | undefined;
        const location = settings.issuer ?? (settings.poolId ? poolIssuer(settings.endpoint ?? 'http://localhost:9400', settings.poolId) : undefined);
        if (location) {
          const doc = await discover(location);
          issuer = String(doc.issuer ?? location);
          jwksUri = typeof doc.jwks_uri === 'string' ? doc.jwks_uri : undefined;
        } else {
          let iss: unknown;
          try {
            iss = decodeJwt(jwt).iss;
          } catch {
            throw new TokenClientError('config', 'That is not a JWT');
          }
          if (typeof iss !== 'string') throw new TokenClientError('config', 'The token names no issuer; give --issuer');
          issuer = iss;
          status(`Note: checking against the issuer the token names (${iss}); give --issuer or --pool to pin it.`);
        }
        const v = verifier({ issuer, jwksUri, tokenUse: (opts.tokenUse as 'access' | 'id' | undefined) ?? null, clientId: settings.clientId || null });
        try {
          const result = await v.verify(jwt, { scopes: opts.requireScope as string[] | undefined, groups: opts.requireGroup as string[] | undefined });
          const exp = result.claims.exp!;
          if (all.json || opts.json) process.stdout.write(`${JSON.stringify({ valid: true, issuer, claims: result.claims }, null, 2)}\n`);
          else process.stdout.write(`valid: ${result.claims.token_use ?? 'unknown'} token of ${result.subject}, issued by ${issuer}, expires ${isoOf(exp)} (${relative(exp)})\n`);
        } catch (error) {
          if (error instanceof TokenVerificationError && (all.json || opts.json)) {
            process.stdout.write(`${JSON.stringify({ valid: false, reason: error.reason, message: error.message }, null, 2)}\n`);
            process.exitCode = exitCodeOf(error);
            return;
          }
          if (error instanceof TokenVerificationError) throw new TokenVerificationError(error.reason, `invalid: ${error.message} (${error.reason})`, error.requiredScopes);
          throw error;
        }
      }),
    );
}

function profilesCommand(token: Command): void {
  token
    .command('profiles')
    .description(`list the saved profiles (in ${'$'}COGNATE_CONFIG_DIR, $XDG_CONFIG_HOME/cognate or ~/.config/cognate)`)
    .option('--json', 'print them as JSON (client secrets hidden)')
    .option('--delete <name>', 'delete a profile and its cached tokens')
    .action(
      guarded(async (opts: Opts) => {
        if (opts.delete) {
          const name = opts.delete as string;
          const existed = await deleteProfile(name);
          await new TokenCache().delete(cacheKeyOf(name, ''));
          status(existed ? `Deleted profile ${name}` : `No profile ${name}`);
          return;
        }
        const { profiles } = await readConfig();
        const shown = Object.fromEntries(Object.entries(profiles).map(([k, p]) => [k, { ...p, ...(p.clientSecret ? { clientSecret: '(hidden)' } : {}) }]));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return;
        }
        if (Object.keys(profiles).length === 0) status(`No profiles yet; save one with: cognate token --profile <name> --save <settings>`);
        for (const [name, p] of Object.entries(profiles)) {
          const where = p.issuer ?? (p.poolId ? `${p.poolId} on ${p.endpoint ?? 'http://localhost:9400'}` : (p.tokenUrl ?? '?'));
          process.stdout.write(`${name}\t${p.grant ?? 'authorization_code'}\t${p.clientId ?? '?'}\t${where}\n`);
        }
      }),
    );
}

function revokeCommand(token: Command): void {
  token
    .command('revoke')
    .description('revoke the cached refresh token (RFC 7009) and forget the cached tokens of the settings')
    .action(
      guarded(async (_opts: Opts, cmd: Command) => {
        const { settings, profile } = await loadSettings(cmd);
        const s = normalizeSettings(settings);
        const cache = new TokenCache();
        const fingerprint = settingsFingerprint(s);
        const key = cacheKeyOf(profile, fingerprint);
        const cached = await cache.read(key, fingerprint);
        if (cached && (await revokeTokenSet(s, cached))) status('Revoked the refresh token');
        await cache.delete(key);
        status(cached ? 'Forgot the cached tokens' : 'No cached tokens');
      }),
    );
}

export function registerToken(program: Command): void {
  const token = usageExitCodes(
    addClientOptions(
      program
        .command('token')
        .description('get an OAuth 2.0 token (every grant; browser, loopback redirect, or unattended); cached per profile')
        .option('--save', 'save the given settings as --profile')
        .option('--json', 'print the tokens as JSON')
        .option('--raw', 'print only the token (for $(...))')
        .option('--id-token', 'the ID token instead of the access token'),
    ),
  );
  token.action(
    guarded(async (opts: Opts, cmd: Command) => {
      if (opts.save) {
        const { given, profile } = await loadSettings(cmd);
        if (!profile) throw new TokenClientError('config', '--save needs --profile <name>');
        const existing = (await readProfile(profile)) ?? {};
        await saveProfile(profile, given.poolId || given.issuer ? { ...withoutLocation(existing), ...given } : { ...existing, ...given });
        status(`Saved profile ${profile} in ${configDir()}/config.json`);
      }
      const result = await tokenFor(cmd);
      if (result.from === 'cache') status('Using the cached token (--force gets a new one)');
      printTokens(result.tokens, result.from, opts);
    }),
  );
  decodeCommand(token);
  verifyCommand(token);
  profilesCommand(token);
  revokeCommand(token);
}

function withoutLocation(profile: Profile): Profile {
  const { issuer: _issuer, poolId: _poolId, ...rest } = profile;
  return rest;
}
