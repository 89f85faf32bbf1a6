import type { SetLogDeliveryConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setLogDeliveryConfiguration } from '../../core/pool/log-delivery.js';
import { setLogDeliveryConfigurationInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'SetLogDeliveryConfiguration',
  auth: 'iam',
  input: setLogDeliveryConfigurationInput,
  run: async (services, input): Promise<SetLogDeliveryConfigurationResponse> => ({
    LogDeliveryConfiguration: await setLogDeliveryConfiguration(services, input.UserPoolId, input.LogConfigurations),
  }),
});
