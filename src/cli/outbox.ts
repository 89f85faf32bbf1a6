import type { Command } from 'commander';
import { Option } from 'commander';
import type { StoredMessage } from '../core/outbox/outbox.js';
import { adminGet } from './admin-client.js';

export function registerOutbox(program: Command): void {
  program
    .command('outbox')
    .description('Show the messages (invitations, codes) a running Cognate would have sent, newest last')
    .option('--pool <id>', 'only messages of this user pool')
    .option('--user <username>', 'only messages to this user (username or e-mail/phone)')
    .option('--json', 'print JSON')
    .addOption(new Option('--endpoint <url>', 'the Cognate server').env('COGNATE_ENDPOINT').default('http://localhost:9400'))
    .addOption(new Option('--admin-credentials <keyId:secret>', 'sign the request (when the server requires it)').env('COGNATE_ADMIN_CREDENTIALS'))
    .action(async (opts: { pool?: string; user?: string; json?: boolean; endpoint: string; adminCredentials?: string }) => {
      const { messages } = (await adminGet(opts, '_cognate/outbox', { pool: opts.pool, user: opts.user })) as { messages: StoredMessage[] };
      if (opts.json) {
        console.log(JSON.stringify(messages, null, 2));
        return;
      }
      if (messages.length === 0) {
        console.log('The outbox is empty.');
        return;
      }
      for (const m of messages) {
        console.log(`#${m.id} ${m.createdAt} ${m.channel} to ${m.destination} (${m.kind}, pool ${m.poolId}${m.username ? `, user ${m.username}` : ''})`);
        if (m.subject) console.log(`  Subject: ${m.subject}`);
        console.log(`  ${m.body.replace(/\n/g, '\n  ')}`);
        if (m.code) console.log(`  Code: ${m.code}`);
      }
    });
}
