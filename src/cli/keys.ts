import type { Command } from 'commander';
import { Option } from 'commander';
import { adminRequest } from './admin-client.js';

/** What `POST /_cognate/keys/rotate` answers. */
interface Rotation {
  poolId: string;
  idKid: string;
  accessKid: string;
  previousKeysPublishedUntil: number;
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("Manage a user pool's token signing keys on a running Cognate");
  keys
    .command('rotate')
    .description('Publish and sign with a new ID key and access key; the old ones stay in the JWKS until their tokens have expired')
    .requiredOption('--pool <id>', 'the user pool')
    .option('--json', 'print JSON')
    .addOption(new Option('--endpoint <url>', 'the Cognate server').env('COGNATE_ENDPOINT').default('http://localhost:9400'))
    .addOption(new Option('--admin-credentials <keyId:secret>', 'sign the request (when the server requires it)').env('COGNATE_ADMIN_CREDENTIALS'))
    .action(async (opts: { pool: string; json?: boolean; endpoint: string; adminCredentials?: string }) => {
      const rotation = (await adminRequest(opts, 'POST', '_cognate/keys/rotate', { pool: opts.pool })) as Rotation;
      if (opts.json) {
        console.log(JSON.stringify(rotation, null, 2));
        return;
      }
      console.log(`Rotated the signing keys of ${rotation.poolId}.`);
      console.log(`  ID token key kid:     ${rotation.idKid}`);
      console.log(`  Access token key kid: ${rotation.accessKid}`);
      console.log(`The previous keys stay in the JWKS until ${new Date(rotation.previousKeysPublishedUntil).toISOString()}.`);
    });
}
