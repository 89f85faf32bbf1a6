import type { AdminListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminListDevices } from '../../core/device/operations.js';
import { QueryLimit, SearchPaginationToken, UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminListDevices',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), Limit: QueryLimit, PaginationToken: SearchPaginationToken }),
  run: (services, input): Promise<AdminListDevicesResponse> => adminListDevices(services, input),
});
