import { adminUpdateAuthEventFeedback } from '../../core/events/events.js';
import { EventId, FeedbackValue } from '../auth-event-wire.js';
import { UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminUpdateAuthEventFeedback',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), EventId: req(EventId), FeedbackValue: req(FeedbackValue) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await adminUpdateAuthEventFeedback(services, input.UserPoolId, input.Username, input.EventId, input.FeedbackValue);
    return {};
  },
});
