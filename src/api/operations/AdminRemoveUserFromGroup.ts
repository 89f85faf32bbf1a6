import { removeUserFromGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { GroupName, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminRemoveUserFromGroup',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), GroupName: req(GroupName) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await removeUserFromGroup(services, input.UserPoolId, input.Username, input.GroupName);
    return {};
  },
});
