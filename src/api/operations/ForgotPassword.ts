import type { ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { forgotPassword } from '../../core/user/forgot-password.js';
import { publicOrigin } from '../origin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, SecretHash, Username } from '../common.js';
import { AnalyticsMetadata, UserContextData } from '../self-service-shapes.js';

export default defineOperation({
  name: 'ForgotPassword',
  auth: 'public',
  input: struct({
    ClientId: req(ClientId),
    SecretHash,
    UserContextData,
    Username: req(Username),
    AnalyticsMetadata,
    ClientMetadata,
  }),
  run: async (services, input, request): Promise<ForgotPasswordResponse> => ({ CodeDeliveryDetails: await forgotPassword(services, input, publicOrigin(request, input.UserContextData)) }),
});
