import type { DescribeUserPoolClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeClientInPool } from '../../core/client/clients.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DescribeUserPoolClient',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId) }),
  run: async (services, input): Promise<DescribeUserPoolClientResponse> => ({ UserPoolClient: await describeClientInPool(services, input.UserPoolId, input.ClientId) }),
});
