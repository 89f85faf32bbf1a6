import { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerCommands } from './commands.js';

const program = new Command('cognate')
  .description('A Cognito-compatible identity provider and OAuth 2.0 token client')
  .version('0.1.0');

registerServe(program);
registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`cognate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
