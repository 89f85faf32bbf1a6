import type { GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeMfaConfig } from '../../core/pool/mfa-configuration.js';
import { getPool } from '../../core/pool/pools.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetUserPoolMfaConfig',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<GetUserPoolMfaConfigResponse> => describeMfaConfig(await getPool(services, input.UserPoolId)),
});
