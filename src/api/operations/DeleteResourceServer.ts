import { deleteResourceServer } from '../../core/pool/resource-servers.js';
import { ResourceServerIdentifier, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteResourceServer',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Identifier: req(ResourceServerIdentifier) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteResourceServer(services, input.UserPoolId, input.Identifier);
    return {};
  },
});
