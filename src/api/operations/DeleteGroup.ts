import { deleteGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { GroupName, UserPoolId } from '../common.js';

export default defineOperation({
  name: 'DeleteGroup',
  auth: 'iam',
  input: struct({ GroupName: req(GroupName), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteGroup(services, input.UserPoolId, input.GroupName);
    return {};
  },
});
