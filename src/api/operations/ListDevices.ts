import type { ListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listOwnDevices } from '../../core/device/operations.js';
import { QueryLimit, SearchPaginationToken } from '../common.js';
import { defineOperation } from '../operation.js';
import { AccessToken } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListDevices',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken), Limit: QueryLimit, PaginationToken: SearchPaginationToken }),
  run: (services, input): Promise<ListDevicesResponse> => listOwnDevices(services, input),
});
