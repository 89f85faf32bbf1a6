import type { Command } from 'commander';
import { registerKeys } from './keys.js';
import { registerOutbox } from './outbox.js';
import { registerSeed } from './seed.js';

/** Commands other than `serve`. */
export function registerCommands(program: Command): void {
  registerOutbox(program);
  registerSeed(program);
  registerKeys(program);
}
