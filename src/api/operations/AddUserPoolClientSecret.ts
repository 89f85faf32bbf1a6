import type { AddUserPoolClientSecretResponse } from '@aws-sdk/client-cognito-identity-provider';
import { addClientSecret } from '../../core/client/secrets.js';
import { wireClientSecret } from '../client-secret-wire.js';
import { ClientId, ClientSecret, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AddUserPoolClientSecret',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId), ClientSecret }),
  run: async (services, input): Promise<AddUserPoolClientSecretResponse> => ({
    ClientSecretDescriptor: wireClientSecret(await addClientSecret(services, input.UserPoolId, input.ClientId, input.ClientSecret)),
  }),
});
