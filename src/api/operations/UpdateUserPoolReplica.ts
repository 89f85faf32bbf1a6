import type { UpdateUserPoolReplicaResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateReplica } from '../../core/pool/replicas.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { RegionName, wireReplica } from '../replica-shapes.js';
import { enumOf, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'UpdateUserPoolReplica',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), RegionName: req(RegionName), Status: req(enumOf(['ACTIVE', 'INACTIVE'])) }),
  run: async (services, input): Promise<UpdateUserPoolReplicaResponse> => ({
    UserPoolReplica: wireReplica(await updateReplica(services, input.UserPoolId, input.RegionName, input.Status)),
  }),
});
