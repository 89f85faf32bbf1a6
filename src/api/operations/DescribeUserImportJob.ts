import type { DescribeUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeImportJob } from '../../core/import/jobs.js';
import { UserPoolId } from '../common.js';
import { JobId, wireImportJob } from '../import-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DescribeUserImportJob',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), JobId: req(JobId) }),
  run: async (services, input): Promise<DescribeUserImportJobResponse> => ({
    UserImportJob: wireImportJob(await describeImportJob(services, input.UserPoolId, input.JobId)),
  }),
});
