import type { DescribeResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeResourceServer } from '../../core/pool/resource-servers.js';
import { ResourceServerIdentifier, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { wireResourceServer } from '../resource-server-wire.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DescribeResourceServer',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Identifier: req(ResourceServerIdentifier) }),
  run: async (services, input): Promise<DescribeResourceServerResponse> => ({
    ResourceServer: wireResourceServer(await describeResourceServer(services, input.UserPoolId, input.Identifier)),
  }),
});
