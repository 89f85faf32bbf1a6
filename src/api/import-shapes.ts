import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserImportJob } from '../core/import/jobs.js';
import { str } from './shapes.js';

// The members of the user import operations, with the service model's constraints.
export const JobId = str({ min: 1, max: 55, pattern: 'import-[0-9a-zA-Z-]+' });
export const JobName = str({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' });

/** A job on the wire: dates as timestamps. */
export function wireImportJob(j: UserImportJob): UserImportJobType {
  return {
    ...j,
    CreationDate: new Date(j.CreationDate),
    ...(j.StartDate !== undefined ? { StartDate: new Date(j.StartDate) } : {}),
    ...(j.CompletionDate !== undefined ? { CompletionDate: new Date(j.CompletionDate) } : {}),
  } as UserImportJobType;
}
