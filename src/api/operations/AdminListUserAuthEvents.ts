import type { AdminListUserAuthEventsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listUserAuthEvents } from '../../core/events/events.js';
import { wireAuthEvent } from '../auth-event-wire.js';
import { PaginationKey, QueryLimit, UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminListUserAuthEvents',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), MaxResults: QueryLimit, NextToken: PaginationKey }),
  run: async (services, input): Promise<AdminListUserAuthEventsResponse> => {
    const { AuthEvents, NextToken } = await listUserAuthEvents(services, input.UserPoolId, input.Username, input.MaxResults, input.NextToken);
    return { AuthEvents: AuthEvents.map(wireAuthEvent), ...(NextToken ? { NextToken } : {}) };
  },
});
