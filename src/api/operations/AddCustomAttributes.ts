import type { AddCustomAttributesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { addCustomAttributes } from '../../core/pool/update.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { SchemaAttribute } from '../pool-shapes.js';
import { list, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AddCustomAttributes',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), CustomAttributes: req(list(SchemaAttribute, { min: 1, max: 25 })) }),
  run: async (services, input): Promise<AddCustomAttributesResponse> => {
    await addCustomAttributes(services, input.UserPoolId, input.CustomAttributes);
    return {};
  },
});
