import type { GetUICustomizationRequest, GetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getUICustomization } from '../../core/pool/ui-customization.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<GetUICustomizationRequest, GetUICustomizationResponse>({
  name: 'GetUICustomization',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId }),
  run: async (services, input) => ({ UICustomization: await getUICustomization(services, input.UserPoolId!, input.ClientId) }),
});
