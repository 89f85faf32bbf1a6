/** Recording a user's authentication events, listing them, and the feedback on them. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as repo from '../../store/auth-events.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { getUser } from '../user/users.js';
import type { EventOrigin } from './origin.js';

export type AuthEventType = 'SignIn' | 'SignUp' | 'ForgotPassword' | 'PasswordChange' | 'ResendCode';

export interface EventRisk {
  RiskDecision: 'NoRisk' | 'AccountTakeover' | 'Block';
  RiskLevel?: 'Low' | 'Medium' | 'High';
  CompromisedCredentialsDetected: boolean;
}

export interface AuthEvent {
  EventId: string;
  EventType: AuthEventType;
  CreationDate: number;
  EventResponse: 'Pass' | 'Fail' | 'InProgress';
  EventRisk: EventRisk;
  ChallengeResponses: { ChallengeName: 'Password' | 'Mfa'; ChallengeResponse: 'Success' | 'Failure' }[];
  EventContextData: { IpAddress?: string; DeviceName?: string };
  EventFeedback?: { FeedbackValue: 'Valid' | 'Invalid'; Provider: string; FeedbackDate: number };
  /** Which app client the event came through; Cognate keeps it, the API does not show it. */
  clientId?: string;
}

/** Events kept per user, newest first. */
export const MAX_EVENTS_PER_USER = 100;

/** How many events beyond the cap a user may hold before the oldest are dropped, in one batch. */
export const TRIM_SLACK = 20;

export const NO_RISK: EventRisk = { RiskDecision: 'NoRisk', RiskLevel: 'Low', CompromisedCredentialsDetected: false };

export interface EventInput {
  pool: UserPool;
  user: { sub: string; username: string };
  type: AuthEventType;
  response: AuthEvent['EventResponse'];
  clientId?: string;
  /** Where the request came from (origin.ts's eventOrigin). */
  origin?: EventOrigin;
  risk?: EventRisk;
  challenges?: AuthEvent['ChallengeResponses'];
}

/**
 * Records an event. Never fails the operation that reports it: a lost event is logged, the user's
 * sign-in or sign-up still goes on as it would have.
 */
export async function recordAuthEvent(services: Services, input: EventInput): Promise<void> {
  const event: AuthEvent = {
    EventId: services.random.uuid(),
    EventType: input.type,
    CreationDate: services.clock.now(),
    EventResponse: input.response,
    EventRisk: input.risk ?? NO_RISK,
    ChallengeResponses: input.challenges ?? [],
    EventContextData: { ...(input.origin?.ip ? { IpAddress: input.origin.ip } : {}), ...(input.origin?.device ? { DeviceName: input.origin.device } : {}) },
    ...(input.clientId ? { clientId: input.clientId } : {}),
  };
  try {
    // No transaction: the insert is one statement, and the trim may run apart from it (a lost trim only
    // leaves a few rows more, taken at the next one).
    const row = { pool_id: input.pool.Id, user_sub: input.user.sub, event_id: event.EventId, event: { ...event }, feedback: null, created_at: event.CreationDate };
    await repo.insertAuthEventAndTrim(services.store.db, services.store.engine, row, MAX_EVENTS_PER_USER, TRIM_SLACK);
  } catch (error) {
    services.log.warn({ err: error, poolId: input.pool.Id }, 'could not record an auth event');
  }
}

/**
 * The event's FeedbackToken, which Cognito puts in the link of its risk notification: an HMAC over
 * the pool, user and event under a key derived from the master key, so only this deployment makes one.
 */
export function feedbackToken(services: Services, poolId: string, username: string, eventId: string): string {
  const mac = createHmac('sha256', services.sealer.deriveKey('auth-event-feedback')).update(`${poolId}\n${username}\n${eventId}`).digest('base64url');
  return `${Buffer.from(eventId).toString('base64url')}.${mac}`;
}

const toWire = (r: repo.AuthEventRecord): AuthEvent => {
  const { clientId: _client, ...event } = r.event as unknown as AuthEvent;
  return event as AuthEvent;
};

export async function listUserAuthEvents(
  services: Services,
  poolId: string,
  username: string,
  maxResults = 60,
  nextToken?: string,
): Promise<{ AuthEvents: AuthEvent[]; NextToken?: string }> {
  const pool = await getPool(services, poolId);
  const user = await getUser(services, pool, username);
  const before = nextToken === undefined ? undefined : Number(nextToken);
  if (before !== undefined && !Number.isSafeInteger(before)) throw err.invalidParameter('Invalid NextToken.');
  const limit = maxResults === 0 ? 60 : maxResults;
  const rows = await repo.listAuthEvents(services.store.db, pool.Id, user.sub, limit + 1, before);
  const page = rows.slice(0, limit);
  return { AuthEvents: page.map(toWire), ...(rows.length > limit ? { NextToken: String(page[page.length - 1]!.id) } : {}) };
}

async function giveFeedback(services: Services, pool: UserPool, sub: string, eventId: string, value: 'Valid' | 'Invalid', provider: string): Promise<void> {
  const row = await repo.findAuthEvent(services.store.db, pool.Id, sub, eventId);
  if (!row) throw new CognitoError('ResourceNotFoundException', 'Auth event not found.');
  const event = { ...(row.event as object), EventFeedback: { FeedbackValue: value, Provider: provider, FeedbackDate: services.clock.now() } };
  await repo.setAuthEventFeedback(services.store.db, pool.Id, eventId, event, value);
}

export async function adminUpdateAuthEventFeedback(services: Services, poolId: string, username: string, eventId: string, value: 'Valid' | 'Invalid'): Promise<void> {
  const pool = await getPool(services, poolId);
  const user = await getUser(services, pool, username);
  await giveFeedback(services, pool, user.sub, eventId, value, 'Admin');
}

/** The user's own feedback, from the link in a risk notification: the token must be the event's. */
export async function updateAuthEventFeedback(
  services: Services,
  input: { UserPoolId: string; Username: string; EventId: string; FeedbackToken: string; FeedbackValue: 'Valid' | 'Invalid' },
): Promise<void> {
  const pool = await getPool(services, input.UserPoolId);
  const user = await getUser(services, pool, input.Username);
  const expected = Buffer.from(feedbackToken(services, pool.Id, user.username, input.EventId));
  const given = Buffer.from(input.FeedbackToken);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw err.notAuthorized('Invalid feedback token.');
  await giveFeedback(services, pool, user.sub, input.EventId, input.FeedbackValue, 'Cognito');
}
