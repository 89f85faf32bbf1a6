import type { ListUserPoolsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listUserPools } from '../../core/pool/list.js';
import { PaginationKey, PoolQueryLimit } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListUserPools',
  auth: 'iam',
  input: struct({ NextToken: PaginationKey, MaxResults: req(PoolQueryLimit) }),
  run: (services, input, request): Promise<ListUserPoolsResponse> =>
    listUserPools(services, input.MaxResults, input.NextToken, request.region),
});
