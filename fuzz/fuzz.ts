import { loadOperations } from '../src/api/registry.js';
import type { FuzzCase, Target } from './cases.js';
import { generateCase, prepareTarget } from './cases.js';
import { problemWith } from './check.js';
import { createFixture } from './fixture.js';
import { Rng } from './prng.js';
import type { Engine, FuzzServer } from './server.js';
import { startFuzzServer } from './server.js';
import type { Answer } from './send.js';
import { createAgent, Hang, send } from './send.js';
import { difference, takeSnapshot } from './snapshot.js';

export interface FuzzOptions {
  engine: Engine;
  seed: number;
  /** Requests in all. */
  count: number;
  /** Requests per fresh fixture (a pool and its clients, users and credentials). */
  perFixture?: number;
  /** Every n-th request is sent alone between two snapshots of the database. */
  stateCheckEvery?: number;
  /** Requests in flight at once outside the state checks. */
  concurrency?: number;
  timeoutMs?: number;
  /** Only this case (for reproducing one failure). */
  only?: number;
  /** Stop after this many failures. */
  maxFailures?: number;
  log?: (line: string) => void;
}

export interface Failure {
  seed: number;
  index: number;
  problem: string;
  request: string;
  answer?: string;
}

export interface FuzzReport {
  engine: Engine;
  seed: number;
  sent: number;
  statuses: Record<string, number>;
  stateChecks: number;
  failures: Failure[];
}

/** How a case looks on a failure report: enough to send it again by hand. */
export function describeCase(c: FuzzCase): string {
  const cut = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  if (c.kind === 'raw') return `${c.what}\n  raw bytes: ${JSON.stringify(cut(c.bytes.toString('latin1')))}`;
  const body = c.body === undefined ? '' : `\n  body: ${JSON.stringify(cut(Buffer.isBuffer(c.body) ? c.body.toString('latin1') : c.body))}`;
  return `${c.what}\n  ${c.method} ${cut(c.path)}\n  headers: ${cut(JSON.stringify(c.headers))}${body}`;
}

const describeAnswer = (a: Answer) => `${a.status} ${JSON.stringify(a.headers['content-type'] ?? '')} ${JSON.stringify(a.body.slice(0, 300))}`;

/** The fuzz run against an already started server (the vitest suite starts its own). */
export async function fuzzServer(server: FuzzServer, options: FuzzOptions): Promise<FuzzReport> {
  const { seed, count } = options;
  const perFixture = options.perFixture ?? 1000;
  const stateCheckEvery = options.stateCheckEvery ?? 10;
  const concurrency = options.concurrency ?? 2;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxFailures = options.maxFailures ?? 20;
  const log = options.log ?? (() => undefined);
  const origin = new URL(server.url);
  const operations = [...(await loadOperations()).values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const agent = createAgent();
  const report: FuzzReport = { engine: server.engine, seed, sent: 0, statuses: {}, stateChecks: 0, failures: [] };
  const fail = (index: number, c: FuzzCase, problem: string, answer?: Answer) => {
    const failure: Failure = { seed, index, problem, request: describeCase(c), ...(answer ? { answer: describeAnswer(answer) } : {}) };
    report.failures.push(failure);
    log(`FAIL seed=${seed} case=${index} [${server.engine}]: ${problem}\n  ${failure.request}${failure.answer ? `\n  answer: ${failure.answer}` : ''}`);
  };

  /**
   * A checked request runs alone: the server must have finished every earlier request first (a client
   * that gave up early, as raw cases and timed-out requests do, leaves the server still working, and a
   * valid grant then stores its tokens), and the checked request itself before the second snapshot.
   */
  const idle = async (index: number, c: FuzzCase, when: string): Promise<boolean> => {
    if (await server.whenIdle(timeoutMs)) return true;
    fail(index, c, `the server was still working ${timeoutMs} ms ${when}: ${server.inProgress().join(', ')}`);
    return false;
  };

  let target: Target | undefined;
  const run = async (index: number, checked: boolean) => {
    const c = generateCase(target!, Rng.forCase(seed, index));
    if (checked && !(await idle(index, c, 'after the requests before this checked one'))) return;
    const before = checked ? await takeSnapshot(server.services.store) : undefined;
    const served = checked ? server.recordAnswers() : undefined;
    let answer: Answer;
    const started = Date.now();
    try {
      answer = await send(origin, c, agent, timeoutMs);
    } catch (error) {
      served?.();
      fail(index, c, error instanceof Hang ? `hang: ${error.message}` : `request failed: ${(error as Error).message}`);
      return;
    }
    report.sent++;
    const bucket = answer.status === 0 ? 'closed' : `${answer.status}`;
    report.statuses[bucket] = (report.statuses[bucket] ?? 0) + 1;
    if (process.env.FUZZ_TRACE) log(`${index} ${answer.status} ${Date.now() - started}ms ${c.what}`);
    const problem = problemWith(c, answer);
    if (problem) fail(index, c, problem, answer);
    if (before && (answer.status >= 400 || answer.status === 0)) {
      if (!(await idle(index, c, 'after this checked request was answered'))) return;
      // No answer reached the client (a raw case half-closes its socket, and the server then closes the
      // connection at once), but the server may still have accepted the request: a 302 with tokens is a
      // success, whose writes are no concern of this check. Rejected: the server answered 4xx, or never
      // got to answer (no request reached the handlers, or one ended with nothing sent).
      const statuses = served!();
      if (answer.status === 0 && statuses.some((s) => s !== undefined && s < 400)) return;
      report.stateChecks++;
      const changed = difference(before, await takeSnapshot(server.services.store));
      if (changed) fail(index, c, `rejected request changed stored state: ${changed}`, answer);
    }
  };

  try {
    const indexes = options.only !== undefined ? [options.only] : Array.from({ length: count }, (_, i) => i);
    for (let start = 0; start < indexes.length; start += perFixture) {
      const fx = await createFixture(server.url);
      target = { fx, host: origin.host, operations };
      prepareTarget(target);
      const round = indexes.slice(start, start + perFixture);
      let next = 0;
      while (next < round.length && report.failures.length < maxFailures) {
        const index = round[next]!;
        if (index % stateCheckEvery === 0) {
          await run(index, true);
          next++;
          continue;
        }
        // Up to the next checked case, in parallel.
        const batch: number[] = [];
        while (next < round.length && batch.length < concurrency && round[next]! % stateCheckEvery !== 0) batch.push(round[next++]!);
        await Promise.all(batch.map((i) => run(i, false)));
      }
      log(`[${server.engine}] ${Math.min(start + perFixture, indexes.length)}/${indexes.length} sent, ${report.failures.length} failures`);
      if (report.failures.length >= maxFailures) break;
    }
    // The server still answers after everything it was sent.
    const health = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (health.status !== 200) report.failures.push({ seed, index: -1, problem: `/health answered ${health.status} after the run`, request: 'GET /health' });
  } finally {
    agent.destroy();
  }
  return report;
}

/** Starts a server on the engine, fuzzes it, and stops it. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  // The hosted UI's per-IP throttle would answer 429 to nearly everything; raise it so requests reach deeper code.
  process.env.COGNATE_UI_RATE_LIMIT ??= '1000000';
  const server = await startFuzzServer(options.engine);
  // The same for the store-backed throttle (per user and per IP), wherever the settings keep it.
  (server.services.settings as unknown as Record<string, unknown>).uiRateLimit = { perUser: 1_000_000, perIp: 1_000_000 };
  try {
    return await fuzzServer(server, options);
  } finally {
    await server.close();
  }
}
