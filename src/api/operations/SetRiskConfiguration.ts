import type { SetRiskConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setRiskConfiguration } from '../../core/pool/risk-configuration.js';
import { setRiskConfigurationInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'SetRiskConfiguration',
  auth: 'iam',
  input: setRiskConfigurationInput,
  run: async (services, input): Promise<SetRiskConfigurationResponse> => ({
    RiskConfiguration: await setRiskConfiguration(services, {
      UserPoolId: input.UserPoolId,
      ClientId: input.ClientId,
      CompromisedCredentialsRiskConfiguration: input.CompromisedCredentialsRiskConfiguration,
      AccountTakeoverRiskConfiguration: input.AccountTakeoverRiskConfiguration,
      RiskExceptionConfiguration: input.RiskExceptionConfiguration,
    }),
  }),
});
