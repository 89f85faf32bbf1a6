import { deleteClientSecret } from '../../core/client/secrets.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteUserPoolClientSecret',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId), ClientSecretId: req(str({ min: 1, max: 128 })) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteClientSecret(services, input.UserPoolId, input.ClientId, input.ClientSecretId);
    return {};
  },
});
