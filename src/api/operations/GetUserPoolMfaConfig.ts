import type { GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeMfaConfig } from '../../core/pool/mfa-configuration.js';
import { getPool } from '../../core/pool/pools.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse>({
  name: 'GetUserPoolMfaConfig',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input) => describeMfaConfig(await getPool(services, input.UserPoolId!)),
});
