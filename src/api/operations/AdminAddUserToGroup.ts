import type { AdminAddUserToGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { addUserToGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { GroupName, UserPoolId, Username } from '../common.js';

export default defineOperation<AdminAddUserToGroupRequest, Record<string, never>>({
  name: 'AdminAddUserToGroup',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), GroupName: req(GroupName) }),
  run: async (services, input) => {
    await addUserToGroup(services, input.UserPoolId!, input.Username!, input.GroupName!);
    return {};
  },
});
