import type { AuthEventType } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthEvent } from '../core/events/events.js';
import { enumOf, str } from './shapes.js';

export const EventId = str({ min: 1, max: 50, pattern: '[\\w+-]+' });
export const FeedbackValue = enumOf(['Valid', 'Invalid']);

/** An auth event on the wire: dates as timestamps. */
export function wireAuthEvent(e: AuthEvent): AuthEventType {
  return {
    ...e,
    CreationDate: new Date(e.CreationDate),
    ...(e.EventFeedback ? { EventFeedback: { ...e.EventFeedback, FeedbackDate: new Date(e.EventFeedback.FeedbackDate) } } : {}),
  } as AuthEventType;
}
