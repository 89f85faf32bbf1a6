import type { UpdateUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateSelfAttributes } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AttributeList, ClientMetadata } from '../common.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'UpdateUserAttributes',
  auth: 'public',
  input: struct({ UserAttributes: req(AttributeList), AccessToken: req(AccessToken), ClientMetadata }),
  run: async (services, input): Promise<UpdateUserAttributesResponse> => {
    const deliveries = await updateSelfAttributes(services, input.AccessToken, input.UserAttributes, input.ClientMetadata);
    return deliveries.length > 0 ? { CodeDeliveryDetailsList: deliveries } : {};
  },
});
