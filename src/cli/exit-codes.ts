import type { Command } from 'commander';
import { TokenClientError } from '../client/index.js';
import { TokenVerificationError } from '../verify/index.js';

/**
 * The exit codes of the token client's commands (`token`, `call`, `postman`; docs/token-client.md
 * lists them), and the wrapper that turns a failed action into a message on stderr and its code.
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  /** Bad flags or settings. */
  usage: 2,
  /** No token: the sign-in was refused, denied, timed out, or the server sent an OAuth error. */
  auth: 3,
  /** `call`: the API answered 4xx. */
  clientError: 4,
  /** `call`: the API answered 5xx. */
  serverError: 5,
  /** A server (identity provider or API) could not be reached. */
  network: 6,
  /** `call`: the API answered something else than 2xx, 4xx or 5xx. */
  otherStatus: 7,
} as const;

/** The exit code for an error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof TokenClientError) {
    if (error.kind === 'config') return EXIT.usage;
    if (error.kind === 'network') return EXIT.network;
    return EXIT.auth;
  }
  if (error instanceof TokenVerificationError) return error.status === 503 ? EXIT.network : EXIT.auth;
  return EXIT.unexpected;
}

/** Runs an action, turning its failure into a message and an exit code. */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      process.stderr.write(`cognate: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = exitCodeOf(error);
    }
  };
}

/** Usage errors of these commands exit with 2, not commander's 1. */
export function usageExitCodes(cmd: Command): Command {
  return cmd.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT.usage));
}
