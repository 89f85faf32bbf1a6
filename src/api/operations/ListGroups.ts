import type { ListGroupsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listGroups } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { PaginationKey, QueryLimit, UserPoolId } from '../common.js';

export default defineOperation({
  name: 'ListGroups',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Limit: QueryLimit, NextToken: PaginationKey }),
  run: (services, input): Promise<ListGroupsResponse> => listGroups(services, input.UserPoolId, input.Limit, input.NextToken),
});
