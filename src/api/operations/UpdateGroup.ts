import type { UpdateGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateGroup, wireGroup } from '../../core/user/groups.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { Arn, Description, GroupName, Precedence, UserPoolId } from '../common.js';

export default defineOperation({
  name: 'UpdateGroup',
  auth: 'iam',
  input: struct({
    GroupName: req(GroupName),
    UserPoolId: req(UserPoolId),
    Description,
    RoleArn: Arn,
    Precedence,
  }),
  run: async (services, input): Promise<UpdateGroupResponse> => ({ Group: wireGroup(await updateGroup(services, input)) }),
});
