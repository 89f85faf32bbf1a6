import type { DescribeRiskConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeRiskConfiguration } from '../../core/pool/risk-configuration.js';
import { describeRiskConfigurationInput } from '../idp-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'DescribeRiskConfiguration',
  auth: 'iam',
  input: describeRiskConfigurationInput,
  run: async (services, input): Promise<DescribeRiskConfigurationResponse> => ({
    RiskConfiguration: await describeRiskConfiguration(services, input.UserPoolId, input.ClientId),
  }),
});
