import type { UpdateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateClient } from '../../core/client/clients.js';
import { clientSettingsMembers } from '../client-shapes.js';
import { ClientId, ClientName, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'UpdateUserPoolClient',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    ClientId: req(ClientId),
    ClientName,
    ...clientSettingsMembers,
  }),
  run: async (services, input): Promise<UpdateUserPoolClientResponse> => ({ UserPoolClient: await updateClient(services, input) }),
});
