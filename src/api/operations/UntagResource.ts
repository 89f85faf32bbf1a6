import type { UntagResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { untagPool } from '../../core/pool/tags.js';
import { Arn, TagKey } from '../common.js';
import { defineOperation } from '../operation.js';
import { list, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'UntagResource',
  auth: 'iam',
  input: struct({ ResourceArn: req(Arn), TagKeys: req(list(TagKey)) }),
  run: async (services, input): Promise<UntagResourceResponse> => {
    await untagPool(services, input.ResourceArn, input.TagKeys);
    return {};
  },
});
