import type { ListUserPoolReplicasResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listReplicas } from '../../core/pool/replicas.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { wireReplica } from '../replica-shapes.js';
import { req, str, struct } from '../shapes.js';

// A pool has a handful of replicas at most, so the answer is one page.
export default defineOperation({
  name: 'ListUserPoolReplicas',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), NextToken: str({ min: 1, pattern: '[\\S]+' }) }),
  run: async (services, input): Promise<ListUserPoolReplicasResponse> => ({
    UserPoolReplicas: (await listReplicas(services, input.UserPoolId)).map(wireReplica),
  }),
});
