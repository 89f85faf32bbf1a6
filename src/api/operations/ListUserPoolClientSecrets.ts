import type { ListUserPoolClientSecretsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listClientSecrets } from '../../core/client/secrets.js';
import { wireClientSecret } from '../client-secret-wire.js';
import { ClientId, PaginationKey, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

// A client has at most two secrets, so the answer is always one page and NextToken is never set.
export default defineOperation({
  name: 'ListUserPoolClientSecrets',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId), NextToken: PaginationKey }),
  run: async (services, input): Promise<ListUserPoolClientSecretsResponse> => ({
    ClientSecrets: (await listClientSecrets(services, input.UserPoolId, input.ClientId)).map(wireClientSecret),
  }),
});
