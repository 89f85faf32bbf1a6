import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AwsCredentials } from '../client/index.js';
import { environmentCredentials, postmanExport, readPoolForPostman } from '../client/index.js';
import { TokenClientError } from '../client/index.js';
import { guarded, usageExitCodes } from './exit-codes.js';

type Opts = Record<string, unknown>;

function credentialsOf(value: string | undefined): AwsCredentials | undefined {
  if (!value) return environmentCredentials();
  const i = value.indexOf(':');
  if (i <= 0) throw new TokenClientError('config', '--admin-credentials takes <accessKeyId>:<secretAccessKey>');
  return { accessKeyId: value.slice(0, i), secretAccessKey: value.slice(i + 1) };
}

export function registerPostman(program: Command): void {
  const cmd = usageExitCodes(
    program
      .command('postman')
      .description('write a Postman v2.1 collection and environment for an app client (OAuth 2.0 as in the walkthrough), for Postman and Newman')
      .requiredOption('--pool <id>', 'user pool id')
      // --client-id as in `token` and `call`; --client and --machine-client are the older names, still read.
      .addOption(new Option('--client-id <id>', 'app client id (the walkthrough\'s public authorization-code client)').env('COGNATE_CLIENT_ID'))
      .addOption(new Option('--client <id>').hideHelp())
      .option('--machine-client-id <id>', 'a confidential client-credentials client for the machine-to-machine folder')
      .addOption(new Option('--machine-client <id>').hideHelp())
      .addOption(new Option('--endpoint <url>', 'the Cognate server or Cognito API host (https://cognito-idp.<region>.amazonaws.com)').env('COGNATE_ENDPOINT').default('http://localhost:9400'))
      .addOption(new Option('--admin-credentials <keyId:secret>', 'SigV4 credentials for DescribeUserPool* (default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)').env('COGNATE_ADMIN_CREDENTIALS'))
      .option('--api-url <url>', 'where the API the requests call listens (examples/api)', 'http://127.0.0.1:3000')
      .option('--identity-provider <name>', 'sign in through this identity provider of the pool (Auth URL with identity_provider)')
      .option('--out <dir>', 'folder for the two files', '.'),
  );
  cmd.action(
    guarded(async (opts: Opts) => {
      const clientId = (opts.clientId ?? opts.client) as string | undefined;
      if (!clientId) throw new TokenClientError('config', "required option '--client-id <id>' not specified");
      const input = await readPoolForPostman({
        endpoint: opts.endpoint as string,
        poolId: opts.pool as string,
        clientId,
        machineClientId: (opts.machineClientId ?? opts.machineClient) as string | undefined,
        credentials: credentialsOf(opts.adminCredentials as string | undefined),
        apiUrl: (opts.apiUrl as string).replace(/\/+$/, ''),
        identityProvider: opts.identityProvider as string | undefined,
      });
      const { collection, environment, warnings } = postmanExport(input);
      const dir = resolve(opts.out as string);
      await mkdir(dir, { recursive: true });
      const base = `cognate-${input.poolId}`;
      const collectionFile = join(dir, `${base}.postman_collection.json`);
      const environmentFile = join(dir, `${base}.postman_environment.json`);
      await writeFile(collectionFile, `${JSON.stringify(collection, null, 2)}\n`);
      // The environment may hold a client secret.
      await writeFile(environmentFile, `${JSON.stringify(environment, null, 2)}\n`, { mode: 0o600 });
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${collectionFile}\n${environmentFile}\n`);
      process.stderr.write(
        `\nImport both into Postman, pick the environment, then Authorization → "Get New Access Token".\n` +
          `Newman: newman run ${collectionFile} -e ${environmentFile} --env-var accessToken=$(COGNATE_PASSWORD=... cognate token --raw --pool ${input.poolId} --client-id ${input.client.ClientId} --username ... --redirect-uri ...)\n`,
      );
    }),
  );
}
