import type { GetLogDeliveryConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getLogDeliveryConfiguration } from '../../core/pool/log-delivery.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetLogDeliveryConfiguration',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<GetLogDeliveryConfigurationResponse> => ({
    LogDeliveryConfiguration: await getLogDeliveryConfiguration(services, input.UserPoolId),
  }),
});
