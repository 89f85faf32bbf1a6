import type { Command } from 'commander';
import { forgetProfile, readConfig, revokeCachedTokens, settingsOf } from '../../client/index.js';
import { guarded } from '../exit-codes.js';
import { tokenOptionsOf } from './options.js';
import { printProfiles, status } from './output.js';

/** `cognate token profiles` and `cognate token revoke`: the saved profiles and cached tokens. */

export function registerProfiles(token: Command): void {
  token
    .command('profiles')
    .description(`list the saved profiles (in ${'$'}COGNATE_CONFIG_DIR, $XDG_CONFIG_HOME/cognate or ~/.config/cognate)`)
    .option('--json', 'print them as JSON (client secrets hidden)')
    .option('--delete <name>', 'delete a profile and its cached tokens')
    .action(
      guarded(async (opts: { json?: boolean; delete?: string }) => {
        if (opts.delete) {
          const name = opts.delete;
          status((await forgetProfile(name)) ? `Deleted profile ${name}` : `No profile ${name}`);
          return;
        }
        printProfiles((await readConfig()).profiles, Boolean(opts.json));
      }),
    );
}

export function registerRevoke(token: Command): void {
  token
    .command('revoke')
    .description('revoke the cached refresh token (RFC 7009) and forget the cached tokens of the settings')
    .action(
      guarded(async (_opts: unknown, cmd: Command) => {
        const options = tokenOptionsOf(cmd);
        const settings = await settingsOf({ given: options.given, profile: options.profile, creatingProfile: options.save });
        const { hadTokens, revoked } = await revokeCachedTokens(settings, { profile: options.profile });
        if (revoked) status('Revoked the refresh token');
        status(hadTokens ? 'Forgot the cached tokens' : 'No cached tokens');
      }),
    );
}
