import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerCommands } from './commands.js';
import { addHelpExamples } from './help-examples.js';

// The same relative path from src/cli (tsx) and dist/cli (the package): the version is the package's.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('cognate')
  .description('A Cognito-compatible identity provider and OAuth 2.0 token client')
  .version(version);

registerServe(program);
registerCommands(program);
addHelpExamples(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`cognate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
