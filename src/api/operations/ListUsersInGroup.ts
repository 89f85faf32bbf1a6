import type { ListUsersInGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listUsersInGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { GroupName, PaginationKey, QueryLimit, UserPoolId } from '../common.js';

export default defineOperation({
  name: 'ListUsersInGroup',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), GroupName: req(GroupName), Limit: QueryLimit, NextToken: PaginationKey }),
  run: (services, input): Promise<ListUsersInGroupResponse> => listUsersInGroup(services, input.UserPoolId, input.GroupName, input.Limit, input.NextToken),
});
