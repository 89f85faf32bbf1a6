/**
 * Load on a server and what it cost the server: autocannon with prepared requests for single-request
 * operations, a small loop of flows for the ones that take several requests (SRP, the code flow), and
 * around either the CPU the server's process tree used, from /proc.
 */
import autocannon from 'autocannon';
import { treeCpuSeconds } from './cpu.js';
import type { Latency } from './stats.js';
import { cpuPerOpMicros, latencyOf } from './stats.js';

export const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
/**
 * Rounds per single-request scenario, the one with the least CPU per operation reported: other work
 * on a shared machine only ever adds to a round's figure, so the least is the steadiest estimate of
 * what the operation itself costs. Failures of every round are counted.
 */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export interface Measured {
  /** Completed operations that succeeded (every request 2xx). */
  ops: number;
  /** Responses that were not 2xx, and transport errors or timeouts: reported, never hidden. */
  non2xx: number;
  errors: number;
  seconds: number;
  throughput: number;
  latency: Latency;
  cpuSeconds?: number;
  cpuPerOpMicros?: number;
  /** The first non-2xx status and body seen, to say why. */
  firstFailure?: string;
}

type Load = () => Promise<{ ops: number; non2xx: number; errors: number; seconds: number; latencies: number[]; firstFailure?: string }>;

async function measure(pid: number, load: Load): Promise<Measured> {
  const before = treeCpuSeconds(pid);
  const result = await load();
  const after = treeCpuSeconds(pid);
  const cpuSeconds = before === undefined || after === undefined ? undefined : after - before;
  return {
    ops: result.ops,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.seconds,
    throughput: result.ops / result.seconds,
    latency: latencyOf(result.latencies),
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    ...(cpuPerOpMicros(cpuSeconds, result.ops) === undefined ? {} : { cpuPerOpMicros: cpuPerOpMicros(cpuSeconds, result.ops) }),
    ...(result.firstFailure ? { firstFailure: result.firstFailure } : {}),
  };
}

export interface Prepared {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body per request (unique usernames): autocannon's setupRequest. */
  vary?: (n: number) => string;
}

/** Autocannon against one prepared request: ROUNDS rounds of DURATION seconds, the best reported (bestOf); latencies from every response of that round. */
export async function cannon(pid: number, baseUrl: string, request: Prepared, options: { connections?: number; seconds?: number } = {}): Promise<Measured> {
  // Unmeasured warm-up: the first requests pay for JIT compilation and cold caches, not for the operation.
  // By time, not count: V8 optimizes a function after enough calls, and a few dozen requests left the
  // first scenario of each server measuring the compiler (every system gets the same warm-up).
  await new Promise((resolve, reject) =>
    autocannon({ url: baseUrl, connections: options.connections ?? CONNECTIONS, duration: WARM_UP_SECONDS, requests: [autocannonRequest(request, () => undefined)] }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
  const rounds: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await cannonRound(pid, baseUrl, request, options));
  return bestOf(rounds);
}

/** The round with the least CPU per operation, with every round's failures. */
export function bestOf(rounds: readonly Measured[]): Measured {
  const cost = (m: Measured) => m.cpuPerOpMicros ?? Number.POSITIVE_INFINITY;
  const best = rounds.reduce((a, b) => (cost(b) < cost(a) ? b : a));
  const firstFailure = rounds.find((m) => m.firstFailure)?.firstFailure;
  return {
    ...best,
    non2xx: rounds.reduce((n, m) => n + m.non2xx, 0),
    errors: rounds.reduce((n, m) => n + m.errors, 0),
    ...(firstFailure ? { firstFailure } : {}),
  };
}

function cannonRound(pid: number, baseUrl: string, request: Prepared, options: { connections?: number; seconds?: number }): Promise<Measured> {
  return measure(pid, () => {
    const latencies: number[] = [];
    let firstFailure: string | undefined;
    return new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: baseUrl,
          connections: options.connections ?? CONNECTIONS,
          duration: options.seconds ?? DURATION,
          requests: [
            autocannonRequest(request, (status, body) => {
              if ((status < 200 || status > 299) && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 200)}`;
            }),
          ],
        },
        (error, result) => {
          if (error) return reject(error);
          resolve({
            ops: result['2xx'],
            non2xx: result.non2xx,
            errors: result.errors + result.timeouts,
            seconds: result.duration,
            latencies,
            ...(firstFailure ? { firstFailure } : {}),
          });
        },
      );
      instance.on('response', (_client, _status, _bytes, responseTime: number) => latencies.push(responseTime));
    });
  });
}

const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 1);
// Unique bodies (AdminCreateUser's names) across the warm-up and the run.
let sequence = 0;

function autocannonRequest(request: Prepared, onResponse: (status: number, body: string) => void): autocannon.Request {
  return {
    method: request.method,
    path: request.path,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.vary ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: request.vary!(sequence++) }) } : {}),
    onResponse,
  };
}

/**
 * `concurrency` loops each running `flow` back to back for DURATION seconds. A flow resolves with
 * undefined when every step was 2xx (or the expected redirect), else with what went wrong.
 */
export async function flows(pid: number, flow: () => Promise<string | undefined>, options: { concurrency?: number; seconds?: number } = {}): Promise<Measured> {
  for (let i = 0; i < 5; i++) await flow().catch(() => undefined); // warm-up, unmeasured
  return measure(pid, async () => {
    const seconds = options.seconds ?? DURATION;
    const latencies: number[] = [];
    let ops = 0;
    let non2xx = 0;
    let errors = 0;
    let firstFailure: string | undefined;
    const started = performance.now();
    const end = started + seconds * 1000;
    const loop = async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const failure = await flow();
          if (failure === undefined) {
            ops += 1;
            latencies.push(performance.now() - t);
          } else {
            non2xx += 1;
            firstFailure ??= failure;
          }
        } catch (error) {
          errors += 1;
          firstFailure ??= String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? CONNECTIONS }, loop));
    return { ops, non2xx, errors, seconds: (performance.now() - started) / 1000, latencies, ...(firstFailure ? { firstFailure } : {}) };
  });
}
