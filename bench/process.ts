/** Servers under test, each in its own process so /proc can tell their CPU from the load generator's. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Running {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Matches the listening URL in the process's stdout (first group). */
  ready: RegExp;
  timeoutMs?: number;
}

/** Starts `node <args>` and resolves once it prints its URL. */
export function startProcess(options: SpawnOptions): Promise<Running> {
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };
  return new Promise<Running>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${options.args.join(' ')}: no URL after ${options.timeoutMs ?? 60_000} ms\n${out}${err}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = options.ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, pid: child.pid!, child, stop });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.args.join(' ')} exited with ${code}\n${out.slice(-2000)}${err}`));
    });
  });
}

/** Milliseconds from spawn to the first 200 on `healthUrl` (polled every 5 ms). */
export async function timeToHealthy(options: Omit<SpawnOptions, 'ready'> & { healthPath: string; port: number }): Promise<{ ms: number; running: Running }> {
  const started = performance.now();
  const running = startProcess({ ...options, ready: /(http:\/\/\S+)/ });
  const url = `http://127.0.0.1:${options.port}${options.healthPath}`;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 30_000) throw new Error(`${url}: no 200 in 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - started;
  return { ms, running: await running };
}
