import type { GetCSVHeaderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { csvHeader } from '../../core/pool/csv-header.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetCSVHeader',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: (services, input): Promise<GetCSVHeaderResponse> => csvHeader(services, input.UserPoolId),
});
