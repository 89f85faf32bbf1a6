import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildFresh } from '../../scripts/build-freshness.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// Runs the CLI bundled into one file by `npm run build` (scripts/bundle.mjs).
const BIN = join(ROOT, 'bin', 'cognate.js');

/**
 * How a test starts `cognate`: the bin, as users run it, when the bundle it runs is newer than every
 * source file (as after `npm ci`, whose prepare step builds), since each tsx start costs a second or
 * more of transpiling; otherwise the sources through tsx, so a test never runs stale code.
 */
export const BUILT_IS_FRESH = isBuildFresh(ROOT);
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
