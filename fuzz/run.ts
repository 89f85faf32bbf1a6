import { parseArgs } from 'node:util';
import type { Engine } from './server.js';
import { runFuzz } from './fuzz.js';

/**
 * `npm run fuzz -- [--seed n] [--count n] [--engine sqlite|postgres|both] [--case i]`
 * Long runs: `npm run fuzz -- --count 200000 --engine both`. A failure prints its seed and case
 * index; `--seed <s> --case <i>` sends that one request again against a fresh server (a failure that
 * depends on what earlier requests changed may need the whole run). FUZZ_TRACE=1 prints every answer.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    count: { type: 'string', default: '100000' },
    engine: { type: 'string', default: 'both' },
    case: { type: 'string' },
    'per-fixture': { type: 'string', default: '2000' },
    'state-check-every': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '2' },
  },
});

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const engines: Engine[] = values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine as Engine];
let failed = 0;
for (const engine of engines) {
  console.log(`fuzzing ${engine} with seed ${seed}`);
  const started = Date.now();
  const report = await runFuzz({
    engine,
    seed,
    count: Number(values.count),
    perFixture: Number(values['per-fixture']),
    stateCheckEvery: Number(values['state-check-every']),
    concurrency: Number(values.concurrency),
    maxFailures: 100,
    ...(values.case !== undefined ? { only: Number(values.case) } : {}),
    log: (line) => console.log(line),
  });
  console.log(`[${engine}] seed ${seed}: ${report.sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${report.stateChecks} state checks, statuses ${JSON.stringify(report.statuses)}, ${report.failures.length} failures`);
  failed += report.failures.length;
}
process.exitCode = failed > 0 ? 1 : 0;
