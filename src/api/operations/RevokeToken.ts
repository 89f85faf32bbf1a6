import type { RevokeTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { revokeToken } from '../../core/token/revoke.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientSecret, Token } from '../common.js';

export default defineOperation({
  name: 'RevokeToken',
  auth: 'public',
  input: struct({ Token: req(Token), ClientId: req(ClientId), ClientSecret }),
  run: async (services, input): Promise<RevokeTokenResponse> => {
    await revokeToken(services, input);
    return {};
  },
});
