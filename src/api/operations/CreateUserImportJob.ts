import type { CreateUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createImportJob } from '../../core/import/jobs.js';
import { Arn, UserPoolId } from '../common.js';
import { JobName, wireImportJob } from '../import-shapes.js';
import { defineOperation } from '../operation.js';
import { enumOf, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'CreateUserImportJob',
  auth: 'iam',
  input: struct({
    JobName: req(JobName),
    UserPoolId: req(UserPoolId),
    CloudWatchLogsRoleArn: req(Arn),
    PasswordHashingAlgorithm: enumOf(['BCRYPT', 'SCRYPT', 'ARGON2ID', 'PBKDF2_SHA256']),
  }),
  run: async (services, input): Promise<CreateUserImportJobResponse> => ({ UserImportJob: wireImportJob(await createImportJob(services, input)) }),
});
