import type { AdminListGroupsForUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listGroupsForUser } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { PaginationKey, QueryLimit, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminListGroupsForUser',
  auth: 'iam',
  input: struct({ Username: req(Username), UserPoolId: req(UserPoolId), Limit: QueryLimit, NextToken: PaginationKey }),
  run: (services, input): Promise<AdminListGroupsForUserResponse> => listGroupsForUser(services, input.UserPoolId, input.Username, input.Limit, input.NextToken),
});
