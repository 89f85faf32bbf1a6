import type { AdminUpdateUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminUpdateUserAttributes } from '../../core/user/admin.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeList, ClientMetadata, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminUpdateUserAttributes',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), UserAttributes: req(AttributeList), ClientMetadata }),
  run: async (services, input): Promise<AdminUpdateUserAttributesResponse> => {
    await adminUpdateUserAttributes(services, input.UserPoolId, input.Username, input.UserAttributes);
    return {};
  },
});
