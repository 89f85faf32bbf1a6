import type { JsonObject } from '../../store/json.js';
import type { StoredInvocation } from '../../store/trigger-invocations.js';
import { deleteInvocationsBefore, insertInvocation, listInvocations as listStoredInvocations } from '../../store/trigger-invocations.js';
import { DEFAULT_OUTBOX_RETENTION_SECONDS } from '../outbox/outbox.js';
import type { Services } from '../services.js';
import { maskSecrets } from './mask.js';

/**
 * The record of every trigger invocation, so that people and tests can see what a function was sent
 * and what it answered: logged at info and kept in the store per pool (every node sees them), with the
 * event and the answer masked (mask.ts). Records hold events with user data, so they are kept for the
 * outbox's retention (`--outbox-retention`) and swept like the outbox, in bounded batches.
 */

export type InvocationOutcome = 'succeeded' | 'failed' | 'timeout' | 'not-found' | 'invalid-response' | 'error';

export interface Invocation {
  poolId: string;
  triggerKind: string;
  triggerSource: string;
  functionName: string;
  outcome: InvocationOutcome;
  /** Cognito's error for the invocation, if it failed. */
  error?: string;
  durationMs: number;
  event: unknown;
  response?: unknown;
}

/** A stored invocation as shown to people and tools: the time as an ISO string. */
export type InvocationView = Omit<StoredInvocation, 'createdAt'> & { createdAt: string };

const SWEEP_BATCH = 1000;
const SWEEP_INTERVAL_MS = 60_000;
/** The most records one read returns: the newest. */
export const INVOCATIONS_READ_LIMIT = 500;

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const cutoff = (services: Services) => services.clock.now() - (services.settings.outboxRetentionSeconds ?? DEFAULT_OUTBOX_RETENTION_SECONDS) * 1000;

// Records still being written, per store, as one chain: a trigger may fire inside a transaction (on
// SQLite the one connection is then held), so invokeTrigger does not wait for its record, and reads on
// this node wait for the chain instead. Chaining the writes keeps the records in invocation order,
// which parallel writes on several PostgreSQL connections would not.
const pending = new WeakMap<object, Promise<void>>();

/** Logs the invocation and stores it; never fails the trigger (a record that cannot be written is logged). */
export function recordInvocation(services: Services, invocation: Invocation): void {
  const event = maskSecrets(invocation.event);
  const response = invocation.response === undefined ? undefined : maskSecrets(invocation.response);
  services.log.info(
    {
      pool: invocation.poolId,
      triggerSource: invocation.triggerSource,
      function: invocation.functionName,
      durationMs: Math.round(invocation.durationMs),
      outcome: invocation.outcome,
      ...(invocation.error ? { error: invocation.error } : {}),
      event,
      ...(response !== undefined ? { response } : {}),
    },
    'trigger invoked',
  );
  const row = {
    poolId: invocation.poolId,
    triggerKind: invocation.triggerKind,
    triggerSource: invocation.triggerSource,
    functionName: invocation.functionName,
    outcome: invocation.outcome,
    error: invocation.error ?? null,
    durationMs: invocation.durationMs,
    event: isJsonObject(event) ? event : {},
    response: isJsonObject(response) ? response : null,
    createdAt: services.clock.now(),
  };
  const record = () =>
    insertInvocation(services.store.db, row).then(
      () => undefined,
      (error: unknown) => services.log.warn({ err: error, pool: invocation.poolId }, 'could not store a trigger invocation record'),
    );
  pending.set(services.store, (pending.get(services.store) ?? Promise.resolve()).then(record));
}

/** Waits for this node's records still being written. */
export async function settleInvocationRecords(services: Services): Promise<void> {
  await pending.get(services.store);
}

/** Deletes up to `limit` records older than the retention, oldest first; returns how many. */
export const sweepInvocations = (services: Services, limit = SWEEP_BATCH): Promise<number> => deleteInvocationsBefore(services.store.db, cutoff(services), limit);

/** Sweeps every minute until the returned function is called; a sweep still running is not overlapped. */
export function scheduleInvocationSweep(services: Services, intervalMs = SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepInvocations(services)
      .catch((error: unknown) => services.log.warn({ err: error }, 'trigger invocation sweep failed; retrying at the next interval'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** One pool's invocations within the retention, newest last (at most the newest INVOCATIONS_READ_LIMIT). */
export async function listInvocations(services: Services, poolId: string): Promise<InvocationView[]> {
  await settleInvocationRecords(services);
  await sweepInvocations(services);
  const rows = await listStoredInvocations(services.store.db, { poolId, since: cutoff(services), limit: INVOCATIONS_READ_LIMIT });
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}
