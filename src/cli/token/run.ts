import { createInterface } from 'node:readline/promises';
import type { GetTokenResult } from '../../client/index.js';
import { TokenClientError, getToken, settingsOf } from '../../client/index.js';
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

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new TokenClientError('config', '--password-stdin reads the password from a pipe: printf %s "$PASSWORD" | cognate token --password-stdin ...');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/**
 * Why nobody can answer a browser sign-in here, if so: a user name without a password means an
 * unattended sign-in was meant, and without a terminal (a CI job, `$(...)` in a script) or a display
 * the browser would be waited for until the timeout.
 */
function noPersonToSignIn(settings: { username?: string; password?: string; identityProvider?: string }, options: TokenOptions): string | undefined {
  // Through an identity provider the password is the provider's business, not ours.
  if (options.interactive || settings.identityProvider || settings.username === undefined || settings.password !== undefined) return undefined;
  const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (process.stdin.isTTY && !headlessLinux) return undefined;
  return `--username ${settings.username} is given without a password, and there is ${process.stdin.isTTY ? 'no display for a browser' : 'no terminal'} to sign in from: set COGNATE_PASSWORD or pass --password-stdin (or --interactive for the browser)`;
}

/** A token for a command's options; `force` gets a new one whatever the cache holds. */
export async function tokenFor(options: TokenOptions, { force = false }: { force?: boolean } = {}): Promise<GetTokenResult> {
  const given = options.passwordStdin ? { ...options.given, password: await readStdin() } : options.given;
  const settings = await settingsOf({ given, profile: options.profile, creatingProfile: options.save });
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
      unavailable: noPersonToSignIn(settings, options),
    },
  });
}
