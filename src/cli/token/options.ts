import type { Command } from 'commander';
import { Option } from 'commander';
import type { ChallengeMethod, ClientAuth, GrantType, PasswordFlow, Profile } from '../../client/index.js';
import { GRANT_TYPES, PASSWORD_FLOWS, TokenClientError } from '../../client/index.js';

/**
 * The options that say how to get a token, shared by `cognate token` (and its subcommands) and
 * `cognate call`: their commander definitions, and `TokenOptions`, what they mean once parsed and
 * checked. Commands read options only through `tokenOptionsOf`, so a bad value is reported once, the
 * same way everywhere.
 */

/** commander's accumulator for a repeatable option. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

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
    .addOption(new Option('--password-stdin', 'read the user\'s password from standard input (as docker login does)'))
    .addOption(new Option('--totp-secret <base32>', 'answers TOTP MFA steps').env('COGNATE_TOTP_SECRET'))
    .addOption(new Option('--new-password <password>', 'sets this password when the user must choose one').env('COGNATE_NEW_PASSWORD'))
    .addOption(new Option('--user-attribute <name=value>', 'a required attribute for the new-password step (repeatable)').argParser(collect))
    .addOption(new Option('--identity-provider <name>', 'sign in through this identity provider of the pool (identity_provider), unattended too').env('COGNATE_IDENTITY_PROVIDER'))
    .addOption(new Option('--stand-in-identity <name=value,...>', 'who to be at Cognate\'s social stand-in: sub, email, name, picture, given_name, family_name'))
    .addOption(new Option('--password-flow <flow>', 'password grant: the token endpoint ("oauth") or Cognito\'s InitiateAuth (default USER_SRP_AUTH)').choices([...PASSWORD_FLOWS]))
    .addOption(new Option('--cognito-endpoint <url>', 'Cognito JSON API for the password flows (default: from the issuer)'))
    .addOption(new Option('--refresh-token <token>', 'refresh token for --grant refresh_token (default: the cached one)'))
    .addOption(new Option('--interactive', 'use the browser even when --username and --password are known'))
    .addOption(new Option('--no-browser', 'print the sign-in address instead of opening the browser'))
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the browser (default 300)'))
    .addOption(new Option('--no-cache', 'neither read nor write cached tokens'))
    .addOption(new Option('--force', 'get new tokens even if cached ones are still good'));
}

/** What commander hands over for the options above (choices are checked by commander itself). */
interface ClientFlags {
  profile?: string;
  issuer?: string;
  pool?: string;
  endpoint?: string;
  authUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  clientAuth?: ClientAuth;
  grant?: GrantType;
  scope?: string;
  state?: string;
  pkce: boolean;
  codeChallengeMethod?: ChallengeMethod;
  redirectUri?: string;
  authParam?: string[];
  tokenParam?: string[];
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  totpSecret?: string;
  newPassword?: string;
  userAttribute?: string[];
  identityProvider?: string;
  standInIdentity?: string;
  passwordFlow?: PasswordFlow;
  cognitoEndpoint?: string;
  refreshToken?: string;
  interactive?: boolean;
  browser: boolean;
  timeout?: string;
  cache: boolean;
  force?: boolean;
  /** `cognate token --save`. */
  save?: boolean;
}

/** How to get a token, from the flags and environment of one command line. */
export interface TokenOptions {
  /** The client settings the flags and environment give: only those actually given, so a profile fills the rest. */
  given: Profile;
  profile?: string;
  /** `--save`: store `given` in the profile. */
  save: boolean;
  /** `--no-cache` makes this false: neither read nor write cached tokens. */
  cache: boolean;
  force: boolean;
  /** `--interactive`: the browser even when a username and password are known. */
  interactive: boolean;
  /** `--no-browser` makes this false: print the sign-in address instead. */
  browser: boolean;
  timeoutSeconds: number;
  /** `--password-stdin`: the password is read from standard input before signing in. */
  passwordStdin: boolean;
}

const DEFAULT_TIMEOUT_SECONDS = 300;

function pairs(values: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new TokenClientError('config', `${flag} takes name=value, got '${v}'`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

function timeoutOf(value: string | undefined): number {
  const seconds = value === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new TokenClientError('config', '--timeout takes a number of seconds');
  return seconds;
}

/** Parses and checks the token options of a command (its own and its parents'). */
export function tokenOptionsOf(cmd: Command): TokenOptions {
  const flags = cmd.optsWithGlobals<ClientFlags>();
  // Only what the user gave counts as given; defaults (such as --no-pkce's `true`) must not hide a profile's value.
  const given = <K extends keyof ClientFlags>(key: K): ClientFlags[K] | undefined => {
    const source = cmd.getOptionValueSourceWithGlobals(key);
    return source !== undefined && source !== 'default' ? flags[key] : undefined;
  };
  const settings: Profile = {
    issuer: given('issuer'),
    poolId: given('pool'),
    endpoint: given('endpoint'),
    authUrl: given('authUrl'),
    tokenUrl: given('tokenUrl'),
    clientId: given('clientId'),
    clientSecret: given('clientSecret'),
    clientAuth: given('clientAuth'),
    grant: given('grant'),
    scope: given('scope'),
    state: given('state'),
    pkce: given('pkce'),
    codeChallengeMethod: given('codeChallengeMethod'),
    redirectUri: given('redirectUri'),
    authParams: pairs(given('authParam'), '--auth-param'),
    tokenParams: pairs(given('tokenParam'), '--token-param'),
    username: given('username'),
    password: given('password'),
    totpSecret: given('totpSecret'),
    newPassword: given('newPassword'),
    userAttributes: pairs(given('userAttribute'), '--user-attribute'),
    identityProvider: given('identityProvider'),
    standInIdentity: pairs(given('standInIdentity')?.split(','), '--stand-in-identity'),
    passwordFlow: given('passwordFlow'),
    cognitoEndpoint: given('cognitoEndpoint'),
    refreshToken: given('refreshToken'),
  };
  return {
    given: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Profile,
    profile: flags.profile,
    save: Boolean(flags.save),
    cache: flags.cache !== false,
    force: Boolean(flags.force),
    interactive: Boolean(flags.interactive),
    browser: flags.browser !== false,
    timeoutSeconds: timeoutOf(flags.timeout),
    passwordStdin: Boolean(flags.passwordStdin),
  };
}
