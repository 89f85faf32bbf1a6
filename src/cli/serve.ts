import cluster from 'node:cluster';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { parseDurationSeconds } from './duration.js';
import { readQuotas } from './quotas.js';
import { exitIfWorkerFails, joinCluster } from './cluster-worker.js';
import { parseWorkers } from './workers.js';

function parseCredentials(value: string): { accessKeyId: string; secretAccessKey: string } {
  const i = value.indexOf(':');
  if (i <= 0 || i === value.length - 1) throw new Error('--admin-credentials takes <accessKeyId>:<secretAccessKey>');
  return { accessKeyId: value.slice(0, i), secretAccessKey: value.slice(i + 1) };
}

const SOCIAL_TYPES = ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'] as const;

/** `--provider-endpoint Google=http://127.0.0.1:4000/issuer`, repeatable; an environment value may hold several, comma-separated. */
export function parseProviderEndpoints(values: readonly string[]): Partial<Record<(typeof SOCIAL_TYPES)[number], string>> {
  const out: Partial<Record<(typeof SOCIAL_TYPES)[number], string>> = {};
  for (const value of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '')) {
    const i = value.indexOf('=');
    const type = SOCIAL_TYPES.find((t) => t === value.slice(0, i));
    if (i <= 0 || !type) throw new Error(`--provider-endpoint takes <type>=<issuer-url> with type one of ${SOCIAL_TYPES.join(', ')}, got ${value}`);
    const url = value.slice(i + 1);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`--provider-endpoint ${type}: ${url} is not a URL`);
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)))
      throw new Error(`--provider-endpoint ${type}: the issuer must use https (http only on a loopback address)`);
    out[type] = url.replace(/\/+$/, '');
  }
  return out;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Cognito API, hosted UI and OAuth 2.0 endpoints')
    .addOption(new Option('--port <port>', 'port to listen on').env('COGNATE_PORT').default('9400'))
    .addOption(new Option('--host <host>', 'address to bind').env('COGNATE_HOST').default('127.0.0.1'))
    .addOption(new Option('--data <dir>', 'folder for the SQLite file and key material').env('COGNATE_DATA').default('.cognate'))
    .addOption(new Option('--in-memory', 'keep nothing on disk').env('COGNATE_IN_MEMORY'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL instead of SQLite (postgres://...)').env('COGNATE_DATABASE_URL'))
    .addOption(new Option('--public-url <url>', 'the URL clients reach this server at (default http://localhost:<port>)').env('COGNATE_PUBLIC_URL'))
    .addOption(new Option('--region <region>', 'the AWS region in pool ids and ARNs').env('COGNATE_REGION').default('us-east-1'))
    .addOption(new Option('--seed <file>', 'apply a declarative seed (YAML or JSON) at start').env('COGNATE_SEED'))
    .addOption(new Option('--issuer-style <style>', 'token issuer: local (<public-url>/<poolId>) or aws').choices(['local', 'aws']).env('COGNATE_ISSUER_STYLE').default('local'))
    .addOption(new Option('--admin-credentials <keyId:secret>', 'require SigV4 signatures by these credentials on IAM-protected operations').env('COGNATE_ADMIN_CREDENTIALS'))
    .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug').env('COGNATE_LOG_LEVEL').default('warn'))
    .addOption(new Option('--allowed-hosts <hosts>', 'more Host names (comma-separated) the admin operations answer to, besides loopback, the public URL and pool domains').env('COGNATE_ALLOWED_HOSTS'))
    .addOption(new Option('--compromised-passwords <file>', 'a file of leaked passwords, one a line, that a risk configuration with EventAction BLOCK refuses at sign-in').env('COGNATE_COMPROMISED_PASSWORDS'))
    .addOption(new Option('--outbox-retention <duration>', 'how long outbox messages are kept: seconds, or e.g. 24h, 30m, 7d').env('COGNATE_OUTBOX_RETENTION').default('24h'))
    .addOption(new Option('--ui-rate-limit <n>', 'hosted UI: failed or message-sending form posts a minute per IP address and user (0: off)').env('COGNATE_UI_RATE_LIMIT'))
    .addOption(new Option('--ui-ip-rate-limit <n>', 'hosted UI: form posts a minute per IP address (0: off)').env('COGNATE_UI_IP_RATE_LIMIT'))
    .addOption(new Option('--quotas <aws|file>', "Cognito's request-rate quotas: aws (AWS's default rates) or a JSON/YAML file of category: requests per second (default: off)").env('COGNATE_QUOTAS'))
    .addOption(
      new Option('--function <arn-or-name=file>', 'run a Lambda trigger function from a local module exporting handler (repeatable)')
        .env('COGNATE_FUNCTIONS')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .addOption(new Option('--lambda-endpoint <url>', 'run trigger functions not given by --function through this Lambda Invoke API server').env('COGNATE_LAMBDA_ENDPOINT'))
    .addOption(
      new Option('--provider-endpoint <type=issuer-url>', 'reach a social provider type (Google, Facebook, LoginWithAmazon, SignInWithApple) at this OIDC issuer instead of the built-in stand-in (repeatable)')
        .env('COGNATE_PROVIDER_ENDPOINTS')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .addOption(
      new Option('--workers <n|auto>', 'processes serving the one port (auto: one per core); with --in-memory they share a temporary SQLite file, deleted at exit')
        .env('COGNATE_WORKERS')
        .default('1'),
    )
    .action(exitIfWorkerFails(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const workers = parseWorkers(opts.workers as string | undefined);
      const databaseUrl = (opts.databaseUrl as string | undefined) ?? process.env.DATABASE_URL;
      if (workers > 1 && cluster.isPrimary) {
        const { runPrimary } = await import('./cluster-primary.js');
        return runPrimary({ workers, databaseUrl: databaseUrl || undefined, dataDir: opts.data as string, inMemory: Boolean(opts.inMemory) && opts.inMemory !== 'false' });
      }
      // Before anything is cached: the primary's invalidations must reach this worker from its first read.
      const worker = joinCluster();
      // The server is loaded only to serve: every other command (and --help, --version) starts without it.
      const [{ applySeedFromFile, readSeedFile, seedFunctionModules }, { DEFAULT_UI_RATE_LIMIT, parseRateLimit }, { parseAllowedHosts }, { startServer }, { functionRunner, parseFunctionMappings }, { seedSummary }] =
        await Promise.all([
          import('../api/seed.js'),
          import('../core/oauth/ui-throttle.js'),
          import('../http/host-guard.js'),
          import('../http/server.js'),
          import('../functions/runner.js'),
          import('./seed-summary.js'),
        ]);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${String(opts.port)}`);
      const seedFile = opts.seed as string | undefined;
      const seed = seedFile ? await readSeedFile(seedFile) : undefined;
      // A --function mapping wins over the seed's Functions for the same name.
      const modules = {
        ...(seedFile && seed ? seedFunctionModules(seed, seedFile) : {}),
        ...parseFunctionMappings((opts.function as unknown as string[] | undefined) ?? []),
      };
      const functions = functionRunner({ modules, lambdaEndpoint: (opts.lambdaEndpoint as string | undefined) || undefined });
      const server = await startServer({
        port,
        host: opts.host as string,
        // With PostgreSQL the folder only holds master.key; the default .cognate in whatever directory the
        // node happens to start in would give each node its own key, so only a folder given on purpose counts.
        dataDir: worker?.dataDir ?? (databaseUrl && command.getOptionValueSource('data') === 'default' ? undefined : (opts.data as string)),
        inMemory: !worker?.dataDir && Boolean(opts.inMemory) && opts.inMemory !== 'false',
        workerLink: worker?.link,
        databaseUrl: databaseUrl || undefined,
        publicUrl: opts.publicUrl as string | undefined,
        region: opts.region as string,
        issuerStyle: opts.issuerStyle as 'local' | 'aws',
        adminCredentials: opts.adminCredentials ? parseCredentials(opts.adminCredentials as string) : undefined,
        masterKey: process.env.COGNATE_MASTER_KEY,
        logLevel: opts.logLevel as string,
        allowedHosts: parseAllowedHosts(opts.allowedHosts as string | undefined),
        outboxRetentionSeconds: parseDurationSeconds(opts.outboxRetention as string, '--outbox-retention'),
        ...(opts.compromisedPasswords ? { compromisedPasswords: await readPasswordList(opts.compromisedPasswords as string) } : {}),
        uiRateLimit: {
          perUser: parseRateLimit(opts.uiRateLimit as string | undefined, '--ui-rate-limit', DEFAULT_UI_RATE_LIMIT.perUser),
          perIp: parseRateLimit(opts.uiIpRateLimit as string | undefined, '--ui-ip-rate-limit', DEFAULT_UI_RATE_LIMIT.perIp),
        },
        functions,
        quotas: await readQuotas(opts.quotas as string | undefined),
        providerEndpoints: parseProviderEndpoints((opts.providerEndpoint as unknown as string[] | undefined) ?? []),
        beforeListen: seedFile && seed && (!worker || worker.first) ? async (services) => void (await applySeedFromFile(services, seedFile, seed, { functionsLoaded: true })) : undefined,
      });
      const shutdown = (signal: string) => {
        server.services.log.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
      // A worker whose primary is gone (even by kill -9) must not outlive it.
      if (worker) process.once('disconnect', () => shutdown('primary gone'));
      const storage = databaseUrl
        ? 'PostgreSQL'
        : opts.inMemory
          ? worker?.dataDir
            ? 'memory (a temporary SQLite file the workers share)'
            : 'memory'
          : `SQLite in ${String(opts.data)}`;
      const before =
        databaseUrl && server.masterKey.createdFile
          ? [`cognate: created the master key ${server.masterKey.createdFile}; every node on this database needs the same key (COGNATE_MASTER_KEY or this file)`]
          : [];
      const details = `public URL ${server.services.settings.publicUrl}, storage: ${storage}`;
      const after = seed && (!worker || worker.first) ? [`\n${seedSummary(server.services, seed, server.port)}`] : [];
      if (worker) return worker.announce({ cognate: 'listening', url: server.url, details, before, after });
      for (const line of before) console.log(line);
      console.log(`cognate listening on ${server.url} (${details})`);
      for (const line of after) console.log(line);
    }));
}

/** `--compromised-passwords`: one password a line; blank lines and a trailing CR are ignored. */
async function readPasswordList(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line !== '');
}
