import type { AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminDeleteUserAttributes } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeNameList, UserPoolId, Username } from '../common.js';

export default defineOperation<AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse>({
  name: 'AdminDeleteUserAttributes',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), UserAttributeNames: req(AttributeNameList) }),
  run: async (services, input) => {
    await adminDeleteUserAttributes(services, input.UserPoolId!, input.Username!, input.UserAttributeNames!);
    return {};
  },
});
