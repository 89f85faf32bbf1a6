/**
 * `npm run bench` (issue 13): Cognate's server CPU per operation against the signing floor, on SQLite
 * and PostgreSQL, with oidc-provider and cognito-local side by side under the same load, 1 and 2
 * workers, a million-user pool, start time and idle RSS; then docs/performance.md and its chart.
 * Figures, not assertions: nothing here fails a build. Knobs: see docs/performance.md.
 */
import type { EngineName, Storage } from './cognate.js';
import { POOL, apiOf, build, createStorage, hasWorkers, postgresAvailable, startCognate } from './cognate.js';
import { bulkUsername, createUsers } from './bulk-users.js';
import { writeDocs } from './docs.js';
import { measureFloor } from './floor.js';
import { importScenario } from './import.js';
import type { Prepared } from './load.js';
import { CONNECTIONS, DURATION, ROUNDS } from './load.js';
import type { CognitoLocalScenario } from './peers/cognito-local.js';
import { COGNITO_LOCAL_VERSION, cognitoLocalScenarios, ensureCognitoLocal, startCognitoLocal } from './peers/cognito-local.js';
import { OIDC_CLIENT, OIDC_SECRET, startOidcProvider } from './peers/oidc-provider.js';
import { API_FLOOR_SYSTEM, LOGIN_FLOOR_SYSTEM, SIGNING_FLOOR_SYSTEM, startSigningFloor } from './peers/signing-floor.js';
import type { Report } from './report.js';
import { printReport } from './report.js';
import { runScale } from './scale.js';
import type { ScenarioId } from './scenarios.js';
import { SCENARIOS, adminLogin, amzJson, clientCredentials, runScenario } from './scenarios.js';
import { measureStartup } from './startup.js';
import { cannon } from './load.js';

const ONLY = (process.env.BENCH_ONLY ?? '').toLowerCase();
// Comma-separated: a scenario is wanted when its id or title contains any of them.
const wanted = (id: string, title = id) => ONLY === '' || ONLY.split(',').some((part) => id.toLowerCase().includes(part) || title.toLowerCase().includes(part));
const SCALE = process.env.BENCH_SCALE !== '0';
const SCALE_USERS = Number(process.env.BENCH_SCALE_USERS ?? 1_000_000);
const LIST_POOL_USERS = Number(process.env.BENCH_LIST_POOL_USERS ?? 100_000);
const ENGINE_LABEL: Record<EngineName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** A server on `storage` whose pool holds LIST_POOL_USERS more users (bulk, before the server starts). */
async function preparedStorage(engine: EngineName): Promise<Storage> {
  const storage = await createStorage(engine);
  const first = await startCognate(storage); // creates the schema and applies the seed
  await first.stop();
  const seconds = await createUsers(storage, { poolId: POOL, prefix: 'u', count: LIST_POOL_USERS, signInAs: [], password: 'Bulk!passw0rd' });
  log(`${ENGINE_LABEL[engine]}: ${LIST_POOL_USERS.toLocaleString('en')} users written in bulk in ${seconds.toFixed(1)} s`);
  return storage;
}

async function cognateRows(engine: EngineName, report: Report): Promise<void> {
  const scenarios = SCENARIOS.filter((s) => wanted(s.id, s.title));
  if (scenarios.length === 0 && !(engine === 'sqlite' && wanted('import'))) return;
  const storage = await preparedStorage(engine);
  try {
    const server = await startCognate(storage);
    try {
      for (const s of scenarios) {
        log(`${ENGINE_LABEL[engine]}: ${s.title}`);
        // Users named u00000..u99999: a prefix that leaves the last digit free matches 10 of them.
        const listPrefix = bulkUsername('u', 420, String(LIST_POOL_USERS - 1).length - 1);
        const measured = await runScenario(s.id, { url: server.url, pid: server.pid, listPrefix });
        report.rows.push({ scenario: s.id, system: 'Cognate', storage: ENGINE_LABEL[engine], measured });
      }
      if (engine === 'sqlite' && wanted('import')) {
        log('SQLite: user import');
        const api = apiOf(server.url);
        report.notes.push(`SQLite: ${await importScenario(server.url, (_url, target, body) => api(target, body))}`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await storage.dispose();
  }
}

async function workerRows(engine: EngineName, report: Report): Promise<void> {
  const ids = (['client-credentials', 'admin-initiate-auth'] as const).filter((id) => wanted(id, SCENARIOS.find((s) => s.id === id)!.title));
  if (ids.length === 0) return;
  for (const workers of [1, 2]) {
    const storage = await createStorage(engine);
    try {
      const server = await startCognate(storage, { workers });
      try {
        for (const id of ids) {
          log(`${ENGINE_LABEL[engine]}, --workers ${workers}: ${id}`);
          const measured = await cannon(server.pid, server.url, id === 'client-credentials' ? clientCredentials() : adminLogin());
          report.rows.push({ scenario: id, system: `Cognate, ${workers} worker${workers > 1 ? 's' : ''}`, storage: ENGINE_LABEL[engine], measured });
        }
      } finally {
        await server.stop();
      }
    } finally {
      await storage.dispose();
    }
  }
}

/** A reference row: the floor server (bench/peers/signing-floor-server.ts) under the scenario's load. */
async function floorRow(report: Report, scenario: ScenarioId, system: string, request: Prepared): Promise<void> {
  log(`${system}: ${scenario}`);
  const floor = await startSigningFloor();
  try {
    report.rows.push({ scenario, system, storage: 'none', measured: await cannon(floor.pid, floor.url, request) });
  } finally {
    await floor.stop();
  }
}

async function peerRows(report: Report): Promise<void> {
  if (wanted('client-credentials', SCENARIOS[0]!.title)) {
    log('oidc-provider: client-credentials');
    const peer = await startOidcProvider();
    try {
      const measured = await cannon(peer.pid, peer.url, clientCredentials('/token', OIDC_CLIENT, OIDC_SECRET, 'grant_type=client_credentials&scope=read'));
      report.rows.push({ scenario: 'client-credentials', system: 'oidc-provider', storage: 'memory', measured });
    } finally {
      await peer.stop();
    }
    await floorRow(report, 'client-credentials', SIGNING_FLOOR_SYSTEM, clientCredentials('/token', 'client', 'secret', 'grant_type=client_credentials&scope=read'));
  }
  const ids = (['admin-initiate-auth', 'get-user', 'admin-create-user', 'list-users'] as const).filter((id) => wanted(id, SCENARIOS.find((s) => s.id === id)!.title));
  if (ids.length === 0) return;
  if (ids.includes('admin-initiate-auth')) await floorRow(report, 'admin-initiate-auth', LOGIN_FLOOR_SYSTEM, adminLogin());
  // A body the size of Cognate's: an access token is ~1,000 characters.
  if (ids.includes('get-user')) await floorRow(report, 'get-user', API_FLOOR_SYSTEM, amzJson('GetUser', { AccessToken: `eyJ${'A'.repeat(1000)}` }));
  const start = ensureCognitoLocal();
  if (!start) {
    report.notes.push('cognito-local could not be installed (offline?): its comparisons are missing');
    return;
  }
  log(`cognito-local ${COGNITO_LOCAL_VERSION}: ${ids.join(', ')}`);
  const peer = await startCognitoLocal(start);
  try {
    const results = await cognitoLocalScenarios(peer, ids as readonly CognitoLocalScenario[]);
    for (const [id, measured] of results) report.rows.push({ scenario: id as ScenarioId, system: 'cognito-local', storage: 'JSON file', measured });
  } finally {
    await peer.stop();
  }
  if (ids.includes('list-users')) report.notes.push("cognito-local's ListUsers runs on the few thousand users its AdminCreateUser run made, not on 100,000 (it keeps a pool in one JSON file)");
}

async function main(): Promise<void> {
  const startedAt = new Date();
  log(`Cognate benchmark: the built binary (node bin/cognate.js serve), ${CONNECTIONS} connections, best of ${ROUNDS} rounds of ${DURATION} s per scenario`);
  build();
  const floor = measureFloor();
  const floorSamples = [floor.signatureMicros];
  log(`floor: ${Math.round(floor.signaturesPerCpuSecond)} RS256 signatures per CPU-second`);
  const requested = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as EngineName[];
  const engines: EngineName[] = [];
  const report: Report = { floor, rows: [], workers: hasWorkers() ? 'available' : 'not available', scale: [], notes: [] };
  for (const engine of requested) {
    if (engine === 'postgres' && !(await postgresAvailable())) report.notes.push('PostgreSQL is not reachable: its rows are missing');
    else if (engine === 'sqlite' || engine === 'postgres') engines.push(engine);
  }
  // First, on a quiet machine: after the million-user pool the kernel is still writing its 2 GB back.
  if (wanted('startup') || wanted('start')) {
    log('start time and idle RSS');
    report.startup = await measureStartup();
  }
  // A shared virtual machine's speed drifts over a run: the floor is sampled again between the parts,
  // and the least is the machine's own cost of a signature (a slow spell only ever adds).
  const sampleFloor = () => {
    const again = measureFloor();
    floorSamples.push(again.signatureMicros);
    report.floor = {
      signatureMicros: Math.min(report.floor.signatureMicros, again.signatureMicros),
      signaturesPerCpuSecond: Math.max(report.floor.signaturesPerCpuSecond, again.signaturesPerCpuSecond),
      verifierMicros: Math.min(report.floor.verifierMicros, again.verifierMicros),
    };
    log(`floor again: ${Math.round(again.signaturesPerCpuSecond)} RS256 signatures per CPU-second`);
  };
  for (const engine of engines) {
    await cognateRows(engine, report);
    sampleFloor();
  }
  await peerRows(report);
  if (report.workers === 'available' && engines.length > 0) await workerRows(engines[0]!, report);
  sampleFloor();
  if (SCALE && wanted('scale')) {
    for (const engine of engines.filter((e) => e === 'sqlite' || process.env.BENCH_SCALE_POSTGRES === '1')) {
      log(`scale on ${ENGINE_LABEL[engine]}: 1,000 and ${SCALE_USERS.toLocaleString('en')} users`);
      report.scale.push(await runScale(engine, 1000, SCALE_USERS));
    }
  }
  report.notes.push(`The floor was measured ${floorSamples.length} times through the run (${floorSamples.map((m) => `${Math.round(m)} µs`).join(', ')} a signature); the least is used`);
  console.log(`\n${printReport(report)}`);
  if (process.env.BENCH_WRITE_DOCS === '1' || (process.env.BENCH_WRITE_DOCS !== '0' && ONLY === '')) {
    writeDocs(report, startedAt);
    console.log('\nwrote docs/performance.md and docs/performance.svg');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
