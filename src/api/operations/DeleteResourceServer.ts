import type { DeleteResourceServerRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteResourceServer } from '../../core/pool/resource-servers.js';
import { ResourceServerIdentifier, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<DeleteResourceServerRequest, Record<string, never>>({
  name: 'DeleteResourceServer',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Identifier: req(ResourceServerIdentifier) }),
  run: async (services, input) => {
    await deleteResourceServer(services, input.UserPoolId!, input.Identifier!);
    return {};
  },
});
