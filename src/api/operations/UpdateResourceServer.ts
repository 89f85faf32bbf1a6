import type { UpdateResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateResourceServer } from '../../core/pool/resource-servers.js';
import { defineOperation } from '../operation.js';
import { wireResourceServer } from '../resource-server-wire.js';
import { resourceServerInput } from '../resource-server-shapes.js';

export default defineOperation({
  name: 'UpdateResourceServer',
  auth: 'iam',
  input: resourceServerInput,
  run: async (services, input): Promise<UpdateResourceServerResponse> => ({
    ResourceServer: wireResourceServer(await updateResourceServer(services, {
      UserPoolId: input.UserPoolId,
      Identifier: input.Identifier,
      Name: input.Name,
      Scopes: input.Scopes,
    })),
  }),
});
