import type { DescribeResourceServerRequest, DescribeResourceServerResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeResourceServer } from '../../core/pool/resource-servers.js';
import { ResourceServerIdentifier, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<DescribeResourceServerRequest, DescribeResourceServerResponse>({
  name: 'DescribeResourceServer',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Identifier: req(ResourceServerIdentifier) }),
  run: async (services, input) => ({
    ResourceServer: await describeResourceServer(services, input.UserPoolId!, input.Identifier!),
  }),
});
