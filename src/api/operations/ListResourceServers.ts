import type { ListResourceServersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listResourceServers } from '../../core/pool/resource-servers.js';
import { PaginationKey, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { wireResourceServer } from '../resource-server-wire.js';
import { num, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListResourceServers',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), MaxResults: num({ min: 1, max: 50 }), NextToken: PaginationKey }),
  run: async (services, input): Promise<ListResourceServersResponse> => {
    const page = await listResourceServers(services, input.UserPoolId, input.MaxResults, input.NextToken);
    return { ...page, ResourceServers: page.ResourceServers.map(wireResourceServer) };
  },
});
