import type { Command } from 'commander';
import { Option } from 'commander';
import type { SeedReport } from '../api/seed.js';
import { adminRequest } from './admin-client.js';

export function registerSeed(program: Command): void {
  program
    .command('seed <file>')
    .description('Apply a declarative seed (YAML or JSON) to a running Cognate: creates what is missing, leaves the rest')
    .addOption(new Option('--endpoint <url>', 'the Cognate server').env('COGNATE_ENDPOINT').default('http://localhost:9400'))
    .addOption(new Option('--admin-credentials <keyId:secret>', 'sign the request (when the server requires it)').env('COGNATE_ADMIN_CREDENTIALS'))
    .action(async (file: string, opts: { endpoint: string; adminCredentials?: string }) => {
      // Loaded here, not at start: the seed module brings the whole API, which other commands never need.
      const { readSeedFile } = await import('../api/seed.js');
      const doc = await readSeedFile(file);
      const report = (await adminRequest(opts, 'POST', '_cognate/seed', {}, doc)) as SeedReport;
      for (const item of report.created) console.log(`created   ${item}`);
      for (const item of report.unchanged) console.log(`unchanged ${item}`);
    });
}
