import type { AdminResetUserPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminResetUserPassword } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientMetadata, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminResetUserPassword',
  auth: 'iam',
  // ClientMetadata only reaches Lambda triggers in Cognito.
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), ClientMetadata }),
  run: async (services, input): Promise<AdminResetUserPasswordResponse> => {
    await adminResetUserPassword(services, input.UserPoolId, input.Username, input.ClientMetadata);
    return {};
  },
});
