import type { Command } from 'commander';

/** Commands other than `serve` register themselves here (seed, outbox, keys, token...). */
export function registerCommands(_program: Command): void {}
