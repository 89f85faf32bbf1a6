import type { CreateResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createResourceServer } from '../../core/pool/resource-servers.js';
import { defineOperation } from '../operation.js';
import { wireResourceServer } from '../resource-server-wire.js';
import { resourceServerInput } from '../resource-server-shapes.js';

export default defineOperation({
  name: 'CreateResourceServer',
  auth: 'iam',
  input: resourceServerInput,
  run: async (services, input): Promise<CreateResourceServerResponse> => ({
    ResourceServer: wireResourceServer(await createResourceServer(services, {
      UserPoolId: input.UserPoolId,
      Identifier: input.Identifier,
      Name: input.Name,
      Scopes: input.Scopes,
    })),
  }),
});
