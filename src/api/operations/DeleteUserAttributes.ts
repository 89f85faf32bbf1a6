import type { DeleteUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deleteSelfAttributes } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeNameList } from '../common.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'DeleteUserAttributes',
  auth: 'public',
  input: struct({ UserAttributeNames: req(AttributeNameList), AccessToken: req(AccessToken) }),
  run: async (services, input): Promise<DeleteUserAttributesResponse> => {
    await deleteSelfAttributes(services, input.AccessToken, input.UserAttributeNames);
    return {};
  },
});
