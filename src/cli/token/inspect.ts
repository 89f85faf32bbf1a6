import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { TokenClientError, discoverIssuer, settingsOf } from '../../client/index.js';
import type { TokenUse } from '../../verify/index.js';
import { TokenVerificationError, verifier } from '../../verify/index.js';
import { exitCodeOf, guarded } from '../exit-codes.js';
import { collect, tokenOptionsOf } from './options.js';
import { printDecoded, printInvalid, printValid, status } from './output.js';

/** `cognate token decode` and `cognate token verify`: looking at a JWT someone already has. */

/** A JWT given as an argument, `-` for stdin; a `Bearer ` prefix (pasted from a header) is dropped. */
function readJwtArgument(value: string): string {
  const text = value === '-' ? readFileSync(0, 'utf8') : value;
  return text.trim().replace(/^Bearer\s+/i, '');
}

export function registerDecode(token: Command): void {
  token
    .command('decode <jwt>')
    .description('print a JWT\'s header and claims, with readable times (no verification); "-" reads stdin')
    .option('--json', 'print {header, claims} as JSON')
    .action(
      guarded(async (jwtArg: string, opts: { json?: boolean }) => {
        const jwt = readJwtArgument(jwtArg);
        let header: unknown;
        let claims: Record<string, unknown>;
        try {
          header = decodeProtectedHeader(jwt);
          claims = decodeJwt(jwt);
        } catch {
          throw new TokenClientError('config', 'That is not a JWT (three base64url parts)');
        }
        printDecoded(header, claims, Boolean(opts.json));
      }),
    );
}

interface VerifyFlags {
  tokenUse?: TokenUse;
  requireScope?: string[];
  requireGroup?: string[];
  json?: boolean;
}

/** The issuer a token claims, for when the settings name none. */
function claimedIssuer(jwt: string): string {
  let iss: unknown;
  try {
    iss = decodeJwt(jwt).iss;
  } catch {
    throw new TokenClientError('config', 'That is not a JWT');
  }
  if (typeof iss !== 'string') throw new TokenClientError('config', 'The token names no issuer; give --issuer');
  status(`Note: checking against the issuer the token names (${iss}); give --issuer or --pool to pin it.`);
  return iss;
}

export function registerVerify(token: Command): void {
  token
    .command('verify <jwt>')
    .description('verify a JWT against the issuer\'s JWKS (--issuer, --pool/--endpoint or --profile); "-" reads stdin')
    .addOption(new Option('--token-use <use>', 'require an access or id token (default: either)').choices(['access', 'id']))
    .addOption(new Option('--require-scope <scope>', 'a scope the token must carry (repeatable)').argParser(collect))
    .addOption(new Option('--require-group <group>', 'a group the user must be in (repeatable)').argParser(collect))
    .option('--json', 'print the result as JSON')
    .action(
      guarded(async (jwtArg: string, opts: VerifyFlags, cmd: Command) => {
        const jwt = readJwtArgument(jwtArg);
        // `--json` may have been taken by `token` itself (`cognate token verify --json ...`).
        const asJson = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json || opts.json);
        const options = tokenOptionsOf(cmd);
        const settings = await settingsOf({ given: options.given, profile: options.profile, creatingProfile: options.save });
        const discovered = await discoverIssuer(settings);
        const issuer = discovered?.issuer ?? claimedIssuer(jwt);
        const v = verifier({ issuer, jwksUri: discovered?.jwksUri, tokenUse: opts.tokenUse ?? null, clientId: settings.clientId || null });
        try {
          printValid(issuer, await v.verify(jwt, { scopes: opts.requireScope, groups: opts.requireGroup }), asJson);
        } catch (error) {
          if (!(error instanceof TokenVerificationError)) throw error;
          if (!asJson) throw new TokenVerificationError(error.reason, `invalid: ${error.message} (${error.reason})`, error.requiredScopes);
          printInvalid(error.reason, error.message);
          process.exitCode = exitCodeOf(error);
        }
      }),
    );
}
