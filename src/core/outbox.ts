import type { Executor } from '../store/database.js';
import { insertMessage, listMessages } from '../store/outbox.js';
import type { Services } from './services.js';

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
}

/**
 * Cognate sends no e-mail or SMS: every message the pool would send lands in the outbox, where tests
 * and people read it (GET /_cognate/outbox, `cognate outbox`). Pass the open transaction when the
 * message belongs to a write, so a failed write leaves no message behind.
 */
export async function sendMessage(services: Services, message: OutgoingMessage, db: Executor = services.store.db): Promise<void> {
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

/** Messages newest last, for one pool and/or one user (username or any alias the message was sent to). */
export async function listOutbox(services: Services, filter: { poolId?: string; username?: string }): Promise<StoredMessage[]> {
  const rows = await listMessages(services.store.db, filter);
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
