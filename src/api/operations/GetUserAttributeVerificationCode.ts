import type { GetUserAttributeVerificationCodeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { sendSelfVerificationCode } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeName, ClientMetadata } from '../common.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'GetUserAttributeVerificationCode',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken), AttributeName: req(AttributeName), ClientMetadata }),
  run: async (services, input): Promise<GetUserAttributeVerificationCodeResponse> => ({
    CodeDeliveryDetails: await sendSelfVerificationCode(services, input.AccessToken, input.AttributeName, input.ClientMetadata),
  }),
});
