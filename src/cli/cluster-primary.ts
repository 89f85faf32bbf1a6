import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:cluster';
import cluster from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterMessage } from '../http/worker-link.js';
import { isClusterMessage } from '../http/worker-link.js';
import type { SqliteFile } from '../store/sqlite-file.js';
import { holdSqliteFolder } from '../store/sqlite-file.js';
import { CLUSTER_DATA_ENV, CLUSTER_FIRST_ENV } from './cluster-worker.js';

export interface PrimaryOptions {
  workers: number;
  databaseUrl?: string;
  dataDir: string;
  inMemory: boolean;
}

const STOP_GRACE_MS = 10_000;
const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 10_000;
// A worker that served this long before dying is not crash-looping: its replacement starts at once.
const HEALTHY_AFTER_MS = 10_000;

/**
 * The primary of `serve --workers N`: it serves nothing itself. It holds the SQLite folder, starts one
 * worker alone (migrations, master key, seed happen once), then the others; relays each worker's cache
 * invalidations to the rest and answers once all have dropped the key; restarts a worker that dies, with
 * a growing delay while they keep dying; stops them all on SIGTERM or SIGINT.
 */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const tempDir = options.inMemory && !options.databaseUrl ? mkdtempSync(join(tmpdir(), 'cognate-workers-')) : undefined;
  const removeTemp = () => tempDir && rmSync(tempDir, { recursive: true, force: true });
  process.on('exit', removeTemp);
  let lock: SqliteFile | undefined;
  try {
    lock = options.databaseUrl ? undefined : holdSqliteFolder(tempDir ?? options.dataDir);
  } catch (error) {
    removeTemp();
    throw error;
  }
  const env: Record<string, string> = { [CLUSTER_DATA_ENV]: tempDir ?? '' };
  // --in-memory with PostgreSQL: one random key for this run, the same in every worker.
  if (options.inMemory && options.databaseUrl && !process.env.COGNATE_MASTER_KEY) env.COGNATE_MASTER_KEY = randomBytes(32).toString('hex');

  const ready = new Set<number>();
  const acks = new Map<string, { origin: Worker; seq: number; waiting: Set<number> }>();
  const listening = new Map<number, (message: Extract<ClusterMessage, { cognate: 'listening' }>) => void>();
  const startedAt = new Map<number, number>();
  let serving = false;
  let stopping = false;
  let crashes = 0;

  const send = (worker: Worker | undefined, message: ClusterMessage) => {
    if (worker?.isConnected()) worker.send(message, () => undefined);
  };
  const settle = (id: string, workerId: number) => {
    const ack = acks.get(id);
    if (!ack) return;
    ack.waiting.delete(workerId);
    if (ack.waiting.size > 0) return;
    acks.delete(id);
    send(ack.origin, { cognate: 'invalidated', seq: ack.seq });
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.cognate === 'ready') ready.add(worker.id);
    else if (message.cognate === 'listening') {
      if (serving) console.error(`cognate: worker ${String(worker.process.pid)} is serving in place of the one that exited`);
      listening.get(worker.id)?.(message);
    }
    else if (message.cognate === 'forgot') settle(`${message.from}:${message.seq}`, worker.id);
    else if (message.cognate === 'invalidate') {
      const id = `${worker.id}:${message.seq}`;
      acks.set(id, { origin: worker, seq: message.seq, waiting: new Set([...ready].filter((w) => w !== worker.id)) });
      for (const other of acks.get(id)!.waiting) send(cluster.workers?.[other], { cognate: 'forget', key: message.key, seq: message.seq, from: worker.id });
      settle(id, worker.id);
    }
  });

  const fork = (extra: Record<string, string> = {}) => {
    const worker = cluster.fork({ ...env, ...extra });
    startedAt.set(worker.id, Date.now());
    return worker;
  };
  const untilListening = (worker: Worker) =>
    new Promise<Extract<ClusterMessage, { cognate: 'listening' }>>((resolve) => listening.set(worker.id, resolve));

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    lock?.release();
    removeTemp();
    process.exit(code);
  };
  process.once('SIGTERM', () => void stopAll(0));
  process.once('SIGINT', () => void stopAll(0));

  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    listening.delete(worker.id);
    for (const [id, ack] of acks) {
      if (ack.origin === worker) acks.delete(id);
      else settle(id, worker.id);
    }
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `code ${String(code)}`;
    if (!serving) {
      console.error(`cognate: a worker exited (${how}) before it was serving; stopping`);
      void stopAll(1);
      return;
    }
    crashes = Date.now() - (startedAt.get(worker.id) ?? 0) >= HEALTHY_AFTER_MS ? 0 : crashes + 1;
    startedAt.delete(worker.id);
    const delay = crashes === 0 ? 0 : Math.min(RESTART_MIN_MS * 2 ** (crashes - 1), RESTART_MAX_MS);
    console.error(`cognate: worker ${String(worker.process.pid)} exited (${how}); starting another in ${delay} ms`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const first = fork({ [CLUSTER_FIRST_ENV]: '1' });
  const announced = await untilListening(first);
  const rest = Array.from({ length: options.workers - 1 }, () => fork());
  await Promise.all(rest.map(untilListening));
  serving = true;
  for (const line of announced.before) console.log(line);
  console.log(`cognate listening on ${announced.url} (${announced.details}, workers: ${options.workers})`);
  for (const line of announced.after) console.log(line);
}
