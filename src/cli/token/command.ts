import type { Command } from 'commander';
import { TokenClientError, configDir, saveGivenSettings } from '../../client/index.js';
import { guarded, usageExitCodes } from '../exit-codes.js';
import { registerDecode, registerVerify } from './inspect.js';
import { addClientOptions, tokenOptionsOf } from './options.js';
import { printTokens, status } from './output.js';
import { registerProfiles, registerRevoke } from './profiles.js';
import { tokenFor } from './run.js';

/**
 * `cognate token`: Postman's "Get New Access Token" in a terminal. Its options are parsed in
 * options.ts, the grants run in the client library, and what it prints is in output.ts.
 */

interface TokenCommandFlags {
  saveSecret: boolean;
  json?: boolean;
  raw?: boolean;
  idToken?: boolean;
}

export function registerToken(program: Command): void {
  const token = usageExitCodes(
    addClientOptions(
      program
        .command('token')
        .description('get an OAuth 2.0 token (every grant; browser, loopback redirect, or unattended); cached per profile')
        .option('--save', 'save the given settings as --profile')
        .option('--no-save-secret', 'with --save, leave the client secret out of the profile (give COGNATE_CLIENT_SECRET each time)')
        .option('--json', 'print the tokens as JSON')
        .option('--raw', 'print only the token (for $(...))')
        .option('--id-token', 'the ID token instead of the access token'),
    ),
  );
  token.action(
    guarded(async (flags: TokenCommandFlags, cmd: Command) => {
      const options = tokenOptionsOf(cmd);
      if (options.save) {
        if (!options.profile) throw new TokenClientError('config', '--save needs --profile <name>');
        // No keychain here: a secret saved in a profile sits in the file in clear (mode 0600), so say so.
        const { clientSecret, ...rest } = options.given;
        await saveGivenSettings(options.profile, flags.saveSecret ? options.given : { ...rest, clientSecret: undefined });
        status(`Saved profile ${options.profile} in ${configDir()}/config.json`);
        if (clientSecret !== undefined)
          status(
            flags.saveSecret
              ? 'The client secret is stored there in clear text (readable by you only); --no-save-secret leaves it out, and COGNATE_CLIENT_SECRET gives it each time'
              : 'The client secret was not saved: give it each time (COGNATE_CLIENT_SECRET)',
          );
      }
      const { tokens, from } = await tokenFor(options);
      if (from === 'cache') status('Using the cached token (--force gets a new one)');
      printTokens(tokens, from, { idToken: Boolean(flags.idToken), raw: Boolean(flags.raw), json: Boolean(flags.json), cache: options.cache });
    }),
  );
  registerDecode(token);
  registerVerify(token);
  registerProfiles(token);
  registerRevoke(token);
}
