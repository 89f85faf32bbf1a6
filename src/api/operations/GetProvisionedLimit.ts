import type { GetProvisionedLimitResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getProvisionedLimit } from '../../core/pool/provisioned-limits.js';
import { defineOperation } from '../operation.js';
import { LimitDefinition, wireLimit } from '../replica-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetProvisionedLimit',
  auth: 'iam',
  input: struct({ LimitDefinition: req(LimitDefinition) }),
  run: async (services, input): Promise<GetProvisionedLimitResponse> => ({ Limit: wireLimit(await getProvisionedLimit(services, input.LimitDefinition)) }),
});
