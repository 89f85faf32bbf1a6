import { createInterface } from 'node:readline/promises';
import type { GetTokenResult } from '../../client/index.js';
import { getToken, settingsOf } from '../../client/index.js';
import type { TokenOptions } from './options.js';
import { status } from './output.js';

/**
 * Gets the token a command line asks for: the client library's `getToken`, given the terminal's side
 * of an interactive sign-in (the system browser, a prompt for a pasted redirect, messages on stderr).
 */

async function readRedirect(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

async function openBrowser(url: string): Promise<void> {
  const { default: open } = await import('open');
  await open(url);
}

/** A token for a command's options; `force` gets a new one whatever the cache holds. */
export async function tokenFor(options: TokenOptions, { force = false }: { force?: boolean } = {}): Promise<GetTokenResult> {
  const settings = await settingsOf({ given: options.given, profile: options.profile, creatingProfile: options.save });
  return getToken(settings, {
    profile: options.profile,
    cache: options.cache ? undefined : false,
    force: options.force || force,
    headless: options.interactive ? false : undefined,
    onStatus: status,
    interactive: {
      timeoutMs: options.timeoutSeconds * 1000,
      readRedirect,
      openBrowser: options.browser ? openBrowser : undefined,
    },
  });
}
