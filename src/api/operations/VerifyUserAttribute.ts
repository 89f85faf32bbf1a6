import type { VerifyUserAttributeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { verifySelfAttribute } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeName } from '../common.js';
import { AccessToken, ConfirmationCode } from '../self-service-shapes.js';

export default defineOperation({
  name: 'VerifyUserAttribute',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken), AttributeName: req(AttributeName), Code: req(ConfirmationCode) }),
  run: async (services, input): Promise<VerifyUserAttributeResponse> => {
    await verifySelfAttribute(services, input.AccessToken, input.AttributeName, input.Code);
    return {};
  },
});
