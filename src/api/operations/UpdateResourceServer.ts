import type { UpdateResourceServerRequest, UpdateResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateResourceServer } from '../../core/pool/resource-servers.js';
import { defineOperation } from '../operation.js';
import { resourceServerInput } from '../resource-server-shapes.js';

export default defineOperation<UpdateResourceServerRequest, UpdateResourceServerResponse>({
  name: 'UpdateResourceServer',
  auth: 'iam',
  input: resourceServerInput,
  run: async (services, input) => ({
    ResourceServer: await updateResourceServer(services, {
      UserPoolId: input.UserPoolId!,
      Identifier: input.Identifier!,
      Name: input.Name!,
      Scopes: input.Scopes,
    }),
  }),
});
