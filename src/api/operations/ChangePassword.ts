import type { ChangePasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { changeSelfPassword } from '../../core/user/self-service.js';
import { publicOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { Password } from '../common.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'ChangePassword',
  auth: 'public',
  input: struct({ PreviousPassword: Password, ProposedPassword: req(Password), AccessToken: req(AccessToken) }),
  run: async (services, input, request): Promise<ChangePasswordResponse> => {
    await changeSelfPassword(services, input.AccessToken, input.PreviousPassword, input.ProposedPassword, publicOrigin(request));
    return {};
  },
});
