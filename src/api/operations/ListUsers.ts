import type { ListUsersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listUsers } from '../../core/user/list.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';
import { AttributeNameList, QueryLimit, SearchPaginationToken, UserPoolId } from '../common.js';

export default defineOperation({
  name: 'ListUsers',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    AttributesToGet: AttributeNameList,
    Limit: QueryLimit,
    PaginationToken: SearchPaginationToken,
    Filter: str({ max: 256 }),
  }),
  run: (services, input): Promise<ListUsersResponse> => listUsers(services, input),
});
