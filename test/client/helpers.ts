import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerOptions } from '../../src/http/server.js';
import { applySeedFile } from '../../src/api/seed.js';
import { CLI_COMMAND, ROOT } from '../helpers/cli.js';

/** The walkthrough's system from examples/seed.yaml. */
export const DEMO = {
  poolId: 'us-east-1_DemoPool1',
  publicClientId: 'postmandemoclient000000001',
  machineClientId: 'servicedemoclient000000001',
  machineSecret: 'demo0secret0do0not0use0in0production0000000000001',
  username: 'demo',
  password: 'Passw0rd!',
  loopback: 'http://127.0.0.1/callback',
};

/**
 * A loopback callback with a port that was free a moment ago. Only S256 PKCE may use a registered
 * loopback URI on another port (RFC 8252 §7.3), so the implicit grant and a code grant without PKCE
 * need their exact port registered.
 */
export async function freeLoopbackCallback(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/callback`;
}

export const seeded: ServerOptions = { beforeListen: async (s) => void (await applySeedFile(s, join(ROOT, 'examples/seed.yaml'))) };

/** A fresh config folder, so that profiles and cached tokens of one test never meet another's. */
export const tempConfigDir = (): string => mkdtempSync(join(tmpdir(), 'cognate-client-'));

/**
 * A scripted browser: follows redirects, keeps cookies, signs in on the hosted sign-in form when it
 * meets one, and on reaching the loopback listener does what the listener's page would make a real
 * browser do (for the implicit grant, post the fragment back).
 */
export async function scriptedBrowser(
  start: string,
  user?: { username: string; password: string },
  /** An address prefix where the browser stops without loading the page (a callback nothing answers). */
  stopAt?: string,
): Promise<{ status: number; body: string; url: string }> {
  const cookies = new Map<string, string>();
  let url = start;
  let post: URLSearchParams | undefined;
  for (let i = 0; i < 20; i++) {
    const target = new URL(url);
    const res = await fetch(target, {
      method: post ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: post?.toString(),
    });
    post = undefined;
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      if (stopAt && url.startsWith(stopAt)) return { status: res.status, body: '', url };
      continue;
    }
    const body = await res.text();
    if (body.includes('name="cognitoSignInForm"') && user) {
      const csrf = /name="_csrf" value="([^"]*)"/.exec(body)?.[1] ?? '';
      const action = /<form name="cognitoSignInForm"[^>]*action="([^"]*)"/.exec(body)?.[1];
      url = action ? new URL(action.replace(/&amp;/g, '&'), url).toString() : url;
      post = new URLSearchParams({ _csrf: csrf, username: user.username, password: user.password, cognitoAsfData: '' });
      user = undefined; // one attempt, as a person who then looks at the page
      continue;
    }
    if (target.hash && body.includes('<script')) {
      // The listener's page posts the fragment back to it.
      const answer = await fetch(new URL(target.pathname, target), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: target.hash.slice(1),
      });
      return { status: answer.status, body: await answer.text(), url };
    }
    return { status: res.status, body, url };
  }
  throw new Error('too many redirects');
}


export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of the pattern in stderr. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** `cognate <args>` from the sources, running: for commands that wait for a browser. */
export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of [...waiters]) {
      const m = w.pattern.exec(stderr);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const m = pattern.exec(stderr);
        if (m) return resolve(m);
        waiters.push({ pattern, resolve });
        void exited.then(() => reject(new Error(`cognate exited before printing ${pattern}:\n${stderr}`)));
      }),
  };
}
