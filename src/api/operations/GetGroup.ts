import type { GetGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getGroup, wireGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { GroupName, UserPoolId } from '../common.js';

export default defineOperation({
  name: 'GetGroup',
  auth: 'iam',
  input: struct({ GroupName: req(GroupName), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<GetGroupResponse> => ({ Group: wireGroup(await getGroup(services, input.UserPoolId, input.GroupName)) }),
});
