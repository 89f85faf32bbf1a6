import type { GlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import { globalSignOut } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'GlobalSignOut',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken) }),
  run: async (services, input): Promise<GlobalSignOutResponse> => {
    await globalSignOut(services, input.AccessToken);
    return {};
  },
});
