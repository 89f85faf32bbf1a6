import type { Command } from 'commander';
import { registerCall } from './call.js';
import { registerInvocations } from './invocations.js';
import { registerKeys } from './keys.js';
import { registerOutbox } from './outbox.js';
import { registerPostman } from './postman.js';
import { registerSeed } from './seed.js';
import { registerToken } from './token/command.js';

/** Commands other than `serve`. */
export function registerCommands(program: Command): void {
  registerOutbox(program);
  registerInvocations(program);
  registerSeed(program);
  registerKeys(program);
  registerToken(program);
  registerCall(program);
  registerPostman(program);
}
