import type { GetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getUICustomization } from '../../core/pool/ui-customization.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetUICustomization',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId }),
  run: async (services, input): Promise<GetUICustomizationResponse> => ({ UICustomization: await getUICustomization(services, input.UserPoolId, input.ClientId) }),
});
