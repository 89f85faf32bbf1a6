import type { CreateUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createClient } from '../../core/client/clients.js';
import { clientSettingsMembers } from '../client-shapes.js';
import { ClientName, ClientSecret, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { bool, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'CreateUserPoolClient',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    ClientName: req(ClientName),
    GenerateSecret: bool(),
    ClientSecret,
    ...clientSettingsMembers,
  }),
  run: async (services, input): Promise<CreateUserPoolClientResponse> => ({ UserPoolClient: await createClient(services, input) }),
});
