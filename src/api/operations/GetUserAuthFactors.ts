import type { GetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { userAuthFactors } from '../../core/signin/auth-factors.js';
import { authenticateAccessToken } from '../../core/token/tokens.js';
import { defineOperation } from '../operation.js';
import { AccessToken } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetUserAuthFactors',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken) }),
  run: async (services, input): Promise<GetUserAuthFactorsResponse> => {
    const { pool, user } = await authenticateAccessToken(services, input.AccessToken);
    return (await userAuthFactors(services, pool, user)) as GetUserAuthFactorsResponse;
  },
});
