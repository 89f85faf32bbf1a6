import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/cli/commands.js';
import { EXAMPLES, addHelpExamples } from '../../src/cli/help-examples.js';
import { registerServe } from '../../src/cli/serve.js';
import type { RunningCognate } from '../../src/index.js';
import { startCognate } from '../../src/index.js';
import type { CliResult } from '../helpers/cli.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempConfigDir } from '../client/helpers.js';

/** The rough edges a newcomer hit, each answered at once and in words that say what to do. */

const POOL = 'us-east-1_DemoPool1';
const PUBLIC = 'postmandemoclient000000001';
const MACHINE = 'servicedemoclient000000001';

/** `cognate <args>` with this text on a piped (never a terminal) stdin. */
const runWithStdin = (args: string[], stdin: string, env: Record<string, string>): Promise<CliResult> => runCli(args, env, stdin);

// Each CLI run loads the sources through tsx: slow on a busy machine, hence the generous timeouts.
describe('cognate --version and --help', { timeout: 120_000 }, () => {
  it('prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.stdout.trim()).toBe(version);
  });

  it('ends every command’s help with two or three examples', () => {
    const program = new Command('cognate');
    registerServe(program);
    registerCommands(program);
    addHelpExamples(program);
    const all: Command[] = [];
    const walk = (cmd: Command) => {
      all.push(cmd);
      cmd.commands.forEach(walk);
    };
    walk(program);
    expect(all.length).toBeGreaterThan(10);
    for (const cmd of all) {
      let text = '';
      cmd.configureOutput({ writeOut: (s) => (text += s) });
      cmd.outputHelp();
      const examples = /\nExamples:\n((?: {2}\$ .+\n)+)\n*$/.exec(text)?.[1]?.trim().split('\n') ?? [];
      expect(examples.length, `cognate ${cmd.name()} --help`).toBeGreaterThanOrEqual(2);
      expect(examples.length).toBeLessThanOrEqual(3);
      // Each example runs a command that exists.
      for (const line of examples) expect(line).toMatch(/\$ (\S+=\S+ )?cognate /);
    }
    expect(Object.keys(EXAMPLES)).toContain('token verify');
  });

  it('the real binary’s help shows them too', async () => {
    const result = await runCli(['postman', '--help']);
    expect(result.stdout).toMatch(/Examples:\n {2}\$ cognate postman --pool us-east-1_DemoPool1 --client-id /);
  });
});

describe('the token client against the walkthrough seed', { timeout: 180_000 }, () => {
  let cognate: RunningCognate;
  let env: Record<string, string>;
  beforeAll(async () => {
    cognate = await startCognate({ seed: join(ROOT, 'examples/seed.yaml'), logLevel: 'error' });
    env = { COGNATE_CONFIG_DIR: tempConfigDir(), COGNATE_ENDPOINT: cognate.endpoint, DISPLAY: '' };
  });
  afterAll(async () => cognate?.stop());

  const noPassword = () => {
    const e = { ...process.env, ...env };
    delete e.COGNATE_PASSWORD;
    return e as Record<string, string>;
  };

  it('fails at once for --username without a password and no terminal, saying what to set', async () => {
    const result = await runWithStdin(['token', '--pool', POOL, '--client-id', PUBLIC, '--username', 'demo', '--redirect-uri', 'http://127.0.0.1/callback', '--no-cache'], '', noPassword());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set COGNATE_PASSWORD or pass --password-stdin');
    expect(result.stderr).not.toContain('Opened the browser');
  });

  it('reads the password from stdin with --password-stdin', async () => {
    const result = await runWithStdin(
      ['token', '--pool', POOL, '--client-id', PUBLIC, '--username', 'demo', '--password-stdin', '--redirect-uri', 'http://127.0.0.1/callback', '--no-cache', '--raw'],
      'Passw0rd!\n',
      noPassword(),
    );
    expect(result.code, result.stderr).toBe(0);
    const claims = JSON.parse(Buffer.from(result.stdout.trim().split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ username: 'demo', iss: cognate.issuer(POOL) });
  });

  it('says a wrong --client-id may not exist, rather than only blaming the redirect URI', async () => {
    const result = await runWithStdin(
      ['token', '--pool', POOL, '--client-id', 'nosuchclient0000000000000', '--username', 'demo', '--redirect-uri', 'http://127.0.0.1/callback', '--no-cache'],
      '',
      { ...noPassword(), COGNATE_PASSWORD: 'Passw0rd!' },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the app client nosuchclient0000000000000 does not exist in this pool, or does not list http://127.0.0.1/callback among its callback URLs; check --client-id');
  });

  it('postman takes --client-id and --machine-client-id like token and call, and refuses unknown flags', async () => {
    const out = tempConfigDir();
    const made = await runCli(['postman', '--pool', POOL, '--client-id', PUBLIC, '--machine-client-id', MACHINE, '--out', out], env);
    expect(made.code, made.stderr).toBe(0);
    const collection = JSON.parse(readFileSync(made.stdout.trim().split('\n')[0]!, 'utf8')) as { item: { name: string }[] };
    expect(collection.item.length).toBeGreaterThanOrEqual(2);
    const unknown = await runCli(['postman', '--pool', POOL, '--client-id', PUBLIC, '--clientid', 'x'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--clientid'");
    const missing = await runCli(['postman', '--pool', POOL], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--client-id');
  });

  it('--save says the client secret is stored in clear, and --no-save-secret leaves it out', async () => {
    const secret = cognate.pools[0]!.clients.find((c) => c.clientId === MACHINE)!.clientSecret!;
    const args = ['token', '--profile', 'm2m', '--save', '--pool', POOL, '--grant', 'client_credentials', '--client-id', MACHINE, '--client-secret', secret, '--raw'];
    const saved = await runCli(args, env);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toContain('stored there in clear text');
    const configFile = join(env.COGNATE_CONFIG_DIR!, 'config.json');
    expect(readFileSync(configFile, 'utf8')).toContain(secret);

    const withheld = await runCli([...args, '--no-save-secret', '--force'], env);
    expect(withheld.code, withheld.stderr).toBe(0);
    expect(withheld.stderr).toContain('The client secret was not saved');
    expect(readFileSync(configFile, 'utf8')).not.toContain(secret);
    expect(JSON.parse(readFileSync(configFile, 'utf8')).profiles.m2m).toMatchObject({ clientId: MACHINE, grant: 'client_credentials' });
  });
});
