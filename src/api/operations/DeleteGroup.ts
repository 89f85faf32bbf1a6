import type { DeleteGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { GroupName, UserPoolId } from '../common.js';

export default defineOperation<DeleteGroupRequest, Record<string, never>>({
  name: 'DeleteGroup',
  auth: 'iam',
  input: struct({ GroupName: req(GroupName), UserPoolId: req(UserPoolId) }),
  run: async (services, input) => {
    await deleteGroup(services, input.UserPoolId!, input.GroupName!);
    return {};
  },
});
