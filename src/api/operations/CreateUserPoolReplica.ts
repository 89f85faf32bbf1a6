import type { CreateUserPoolReplicaResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createReplica } from '../../core/pool/replicas.js';
import { TagKey, TagValue, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { RegionName, wireReplica } from '../replica-shapes.js';
import { map, req, struct } from '../shapes.js';

// UserPoolTags would tag the replica's pool in its region; with no second region they are checked and not kept.
export default defineOperation({
  name: 'CreateUserPoolReplica',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), RegionName: req(RegionName), UserPoolTags: map(TagKey, TagValue) }),
  run: async (services, input): Promise<CreateUserPoolReplicaResponse> => ({
    UserPoolReplica: wireReplica(await createReplica(services, input.UserPoolId, input.RegionName)),
  }),
});
