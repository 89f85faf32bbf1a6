import type { ResendConfirmationCodeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { resendConfirmationCode } from '../../core/user/signup.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, SecretHash, Username } from '../common.js';
import { AnalyticsMetadata, UserContextData } from '../self-service-shapes.js';

export default defineOperation({
  name: 'ResendConfirmationCode',
  auth: 'public',
  input: struct({
    ClientId: req(ClientId),
    SecretHash,
    UserContextData,
    Username: req(Username),
    AnalyticsMetadata,
    ClientMetadata,
  }),
  run: async (services, input): Promise<ResendConfirmationCodeResponse> => ({ CodeDeliveryDetails: await resendConfirmationCode(services, input) }),
});
