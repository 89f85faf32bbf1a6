import type { UpdateProvisionedLimitResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateProvisionedLimit } from '../../core/pool/provisioned-limits.js';
import { defineOperation } from '../operation.js';
import { LimitDefinition, wireLimit } from '../replica-shapes.js';
import { num, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'UpdateProvisionedLimit',
  auth: 'iam',
  input: struct({ LimitDefinition: req(LimitDefinition), RequestedLimitValue: req(num()) }),
  run: async (services, input): Promise<UpdateProvisionedLimitResponse> => ({
    Limit: wireLimit(await updateProvisionedLimit(services, input.LimitDefinition, input.RequestedLimitValue)),
  }),
});
