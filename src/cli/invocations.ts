import type { Command } from 'commander';
import { Option } from 'commander';
import type { InvocationView } from '../core/trigger/invocations.js';
import { adminGet } from './admin-client.js';

/** `cognate invocations`: the Lambda trigger invocations a running Cognate made for one pool. */
export function registerInvocations(program: Command): void {
  program
    .command('invocations')
    .description("Show a pool's Lambda trigger invocations (event and answer, secrets masked), newest last")
    .requiredOption('--pool <id>', 'the user pool')
    .option('--json', 'print JSON')
    .addOption(new Option('--endpoint <url>', 'the Cognate server').env('COGNATE_ENDPOINT').default('http://localhost:9400'))
    .addOption(new Option('--admin-credentials <keyId:secret>', 'sign the request (when the server requires it)').env('COGNATE_ADMIN_CREDENTIALS'))
    .action(async (opts: { pool: string; json?: boolean; endpoint: string; adminCredentials?: string }) => {
      const { invocations } = (await adminGet(opts, '_cognate/invocations', { pool: opts.pool })) as { invocations: InvocationView[] };
      if (opts.json) {
        console.log(JSON.stringify(invocations, null, 2));
        return;
      }
      if (invocations.length === 0) {
        console.log(`No trigger invocations for ${opts.pool}.`);
        return;
      }
      for (const i of invocations) {
        console.log(`#${i.id} ${i.createdAt} ${i.triggerSource} → ${i.functionName}: ${i.outcome} in ${i.durationMs} ms`);
        if (i.error) console.log(`  Error: ${i.error}`);
        console.log(`  Request: ${JSON.stringify(i.event.request ?? {})}`);
        if (i.response) console.log(`  Response: ${JSON.stringify(i.response)}`);
      }
    });
}
