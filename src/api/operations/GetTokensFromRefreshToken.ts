import type { GetTokensFromRefreshTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getTokensFromRefreshToken } from '../../core/token/revoke.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { ClientId, ClientMetadata, ClientSecret, Token } from '../common.js';
import { DeviceKey } from '../self-service-shapes.js';

export default defineOperation({
  name: 'GetTokensFromRefreshToken',
  auth: 'public',
  input: struct({ RefreshToken: req(Token), ClientId: req(ClientId), ClientSecret, DeviceKey, ClientMetadata }),
  run: async (services, input): Promise<GetTokensFromRefreshTokenResponse> => ({ AuthenticationResult: await getTokensFromRefreshToken(services, input) }),
});
