import type { StartUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { startImportJob } from '../../core/import/jobs.js';
import { UserPoolId } from '../common.js';
import { JobId, wireImportJob } from '../import-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'StartUserImportJob',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), JobId: req(JobId) }),
  run: async (services, input): Promise<StartUserImportJobResponse> => ({
    UserImportJob: wireImportJob(await startImportJob(services, input.UserPoolId, input.JobId)),
  }),
});
