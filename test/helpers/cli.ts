import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// What bin/cognate.js runs after `npm run build`: the CLI bundled into one file (scripts/bundle.mjs).
const BUNDLE = join(ROOT, 'dist', 'cli', 'cognate.cjs');
const BIN = join(ROOT, 'bin', 'cognate.js');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsFresh(): boolean {
  try {
    return statSync(BUNDLE).mtimeMs >= newestSourceMtime(join(ROOT, 'src'));
  } catch {
    return false;
  }
}

/**
 * How a test starts `cognate`: the bin, as users run it, when the bundle it runs is newer than every
 * source file (as after `npm ci`, whose prepare step builds), since each tsx start costs a second or
 * more of transpiling; otherwise the sources through tsx, so a test never runs stale code.
 */
export const BUILT_IS_FRESH = builtIsFresh();
export const CLI_COMMAND: readonly string[] = BUILT_IS_FRESH ? [BIN] : ['--import', 'tsx', MAIN];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cognate <args>` (CLI_COMMAND) and waits for it to finish; `stdin`, when given, is piped in and closed (never a terminal). */
export function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin.end(stdin);
  });
}

export interface ServeProcess {
  url: string;
  output: () => string;
  child: ChildProcessWithoutNullStreams;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `cognate serve <args>` and resolves once it prints its `listening on` line. */
export function spawnServe(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_COMMAND, 'serve', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let settled = false;
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && !settled) {
        settled = true;
        resolve({
          url: m[1]!,
          output: () => out,
          child,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`cognate serve exited with ${code} before listening:\n${out}`));
      }
    });
  });
}
