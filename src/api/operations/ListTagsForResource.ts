import type { ListTagsForResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listTags } from '../../core/pool/tags.js';
import { Arn } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListTagsForResource',
  auth: 'iam',
  input: struct({ ResourceArn: req(Arn) }),
  run: async (services, input): Promise<ListTagsForResourceResponse> => ({ Tags: await listTags(services, input.ResourceArn) }),
});
