import type { ListUserImportJobsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listImportJobs } from '../../core/import/jobs.js';
import { PoolQueryLimit, UserPoolId } from '../common.js';
import { wireImportJob } from '../import-shapes.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListUserImportJobs',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), MaxResults: req(PoolQueryLimit), PaginationToken: str({ min: 1, pattern: '[\\S]+' }) }),
  run: async (services, input): Promise<ListUserImportJobsResponse> => {
    const { UserImportJobs, PaginationToken } = await listImportJobs(services, input.UserPoolId, input.MaxResults, input.PaginationToken);
    return { UserImportJobs: UserImportJobs.map(wireImportJob), ...(PaginationToken ? { PaginationToken } : {}) };
  },
});
