import type { TagResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { tagPool } from '../../core/pool/tags.js';
import { Arn } from '../common.js';
import { defineOperation } from '../operation.js';
import { UserPoolTags } from '../pool-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'TagResource',
  auth: 'iam',
  input: struct({ ResourceArn: req(Arn), Tags: req(UserPoolTags) }),
  run: async (services, input): Promise<TagResourceResponse> => {
    await tagPool(services, input.ResourceArn, input.Tags);
    return {};
  },
});
