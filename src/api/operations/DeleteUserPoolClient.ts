import type { DeleteUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteClient } from '../../core/client/clients.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<DeleteUserPoolClientRequest, Record<string, never>>({
  name: 'DeleteUserPoolClient',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId) }),
  run: async (services, input) => {
    await deleteClient(services, input.UserPoolId!, input.ClientId!);
    return {};
  },
});
