import { deleteClient } from '../../core/client/clients.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteUserPoolClient',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteClient(services, input.UserPoolId, input.ClientId);
    return {};
  },
});
