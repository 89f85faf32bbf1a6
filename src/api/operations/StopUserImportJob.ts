import type { StopUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { stopImportJob } from '../../core/import/jobs.js';
import { UserPoolId } from '../common.js';
import { JobId, wireImportJob } from '../import-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'StopUserImportJob',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), JobId: req(JobId) }),
  run: async (services, input): Promise<StopUserImportJobResponse> => ({
    UserImportJob: wireImportJob(await stopImportJob(services, input.UserPoolId, input.JobId)),
  }),
});
