import type { ConfirmForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { confirmForgotPassword } from '../../core/user/forgot-password.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, Password, SecretHash, Username } from '../common.js';
import { AnalyticsMetadata, ConfirmationCode, UserContextData } from '../self-service-shapes.js';

export default defineOperation({
  name: 'ConfirmForgotPassword',
  auth: 'public',
  input: struct({
    ClientId: req(ClientId),
    SecretHash,
    Username: req(Username),
    ConfirmationCode: req(ConfirmationCode),
    Password: req(Password),
    AnalyticsMetadata,
    UserContextData,
    ClientMetadata,
  }),
  run: async (services, input): Promise<ConfirmForgotPasswordResponse> => {
    await confirmForgotPassword(services, input);
    return {};
  },
});
