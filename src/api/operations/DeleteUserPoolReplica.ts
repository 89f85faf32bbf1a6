import type { DeleteUserPoolReplicaResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deleteReplica } from '../../core/pool/replicas.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { RegionName, wireReplica } from '../replica-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteUserPoolReplica',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), RegionName: req(RegionName) }),
  run: async (services, input): Promise<DeleteUserPoolReplicaResponse> => ({
    UserPoolReplica: wireReplica(await deleteReplica(services, input.UserPoolId, input.RegionName)),
  }),
});
