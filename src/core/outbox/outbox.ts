import type { Executor } from '../../store/database.js';
import { deleteMessagesBefore, insertMessage, listMessages } from '../../store/outbox.js';
import type { Services } from '../services.js';

export type Channel = 'EMAIL' | 'SMS';
export type MessageKind = 'invitation' | 'confirmation' | 'forgot-password' | 'mfa' | 'verification';

export interface OutgoingMessage {
  poolId: string;
  /** The user's username as stored (for email-as-username pools, the UUID). */
  username?: string;
  channel: Channel;
  destination: string;
  kind: MessageKind;
  subject?: string;
  body: string;
  code?: string;
  /** Set when the pool's CustomEmailSender / CustomSMSSender delivers this message instead of the outbox. */
  customSender?: CustomSenderHandOver;
}

/** What a custom sender function is told besides the code (core/trigger/custom-sender.ts). */
export interface CustomSenderHandOver {
  /** The trigger source after `CustomEmailSender_` / `CustomSMSSender_`: `SignUp`, `ForgotPassword`… */
  source: string;
  userName: string;
  clientId?: string;
  clientMetadata?: Record<string, string>;
  userAttributes: Record<string, string>;
}

/**
 * Cognate sends no e-mail or SMS: every message the pool would send lands in the outbox, where tests
 * and people read it (GET /_cognate/outbox, `cognate outbox`), unless the pool hands that channel to
 * a custom sender function. Pass the open transaction when the
 * message belongs to a write, so a failed write leaves no message behind.
 */
export async function sendMessage(services: Services, message: OutgoingMessage, db: Executor = services.store.db): Promise<void> {
  // A custom sender gets it once the write has committed (deliverToCustomSenders); it never lands here.
  if (message.customSender) return;
  await insertMessage(db, {
    pool_id: message.poolId,
    username: message.username ?? null,
    channel: message.channel,
    destination: message.destination,
    kind: message.kind,
    subject: message.subject ?? null,
    body: message.body,
    code: message.code ?? null,
    created_at: services.clock.now(),
  });
  services.log.info({ pool: message.poolId, kind: message.kind, channel: message.channel }, 'message stored in the outbox');
}

/** Fills Cognito's placeholders: `{####}` is the code, `{username}` the user name. */
export function fillTemplate(template: string, values: { code?: string; username?: string }): string {
  return template.replaceAll('{####}', values.code ?? '').replaceAll('{username}', values.username ?? '');
}

export interface StoredMessage {
  id: number;
  poolId: string;
  username: string | null;
  channel: string;
  destination: string;
  kind: string;
  subject: string | null;
  body: string;
  code: string | null;
  createdAt: string;
}

/**
 * Messages hold live codes and temporary passwords, so they are kept only for a retention period
 * (`--outbox-retention`, default 24 hours): a periodic sweep deletes older ones in bounded batches,
 * and reads never show them even before the sweep has come by.
 */
export const DEFAULT_OUTBOX_RETENTION_SECONDS = 24 * 3600;
const SWEEP_BATCH = 1000;
const SWEEP_INTERVAL_MS = 60_000;

const retentionMs = (services: Services) => (services.settings.outboxRetentionSeconds ?? DEFAULT_OUTBOX_RETENTION_SECONDS) * 1000;
const cutoff = (services: Services) => services.clock.now() - retentionMs(services);

/** Deletes up to `limit` expired messages, oldest first; returns how many were deleted. */
export const sweepOutbox = (services: Services, limit = SWEEP_BATCH): Promise<number> => deleteMessagesBefore(services.store.db, cutoff(services), limit);

/** Sweeps every minute until the returned function is called; a sweep still running is not overlapped. */
export function scheduleOutboxSweep(services: Services, intervalMs = SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOutbox(services)
      .catch((error: unknown) => services.log.warn({ err: error }, 'outbox sweep failed; retrying at the next interval'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Messages newest last, for one pool and/or one user (username or any alias the message was sent to). */
export async function listOutbox(services: Services, filter: { poolId?: string; username?: string }): Promise<StoredMessage[]> {
  await sweepOutbox(services);
  const rows = await listMessages(services.store.db, { ...filter, since: cutoff(services) });
  return rows.map((r) => ({
    id: Number(r.id),
    poolId: r.pool_id,
    username: r.username,
    channel: r.channel,
    destination: r.destination,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    code: r.code,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
