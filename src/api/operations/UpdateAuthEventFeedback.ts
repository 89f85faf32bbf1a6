import { updateAuthEventFeedback } from '../../core/events/events.js';
import { EventId, FeedbackValue } from '../auth-event-wire.js';
import { Token, UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

// Unauthenticated in Cognito: the FeedbackToken from the risk notification is the credential.
export default defineOperation({
  name: 'UpdateAuthEventFeedback',
  auth: 'public',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), EventId: req(EventId), FeedbackToken: req(Token), FeedbackValue: req(FeedbackValue) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await updateAuthEventFeedback(services, input);
    return {};
  },
});
