import type { AdminDeleteUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminDeleteUserAttributes } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeNameList, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminDeleteUserAttributes',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), UserAttributeNames: req(AttributeNameList) }),
  run: async (services, input): Promise<AdminDeleteUserAttributesResponse> => {
    await adminDeleteUserAttributes(services, input.UserPoolId, input.Username, input.UserAttributeNames);
    return {};
  },
});
