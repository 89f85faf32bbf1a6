import type { GetCSVHeaderRequest, GetCSVHeaderResponse } from '@aws-sdk/client-cognito-identity-provider';
import { csvHeader } from '../../core/pool/csv-header.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation<GetCSVHeaderRequest, GetCSVHeaderResponse>({
  name: 'GetCSVHeader',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId) }),
  run: (services, input) => csvHeader(services, input.UserPoolId!),
});
