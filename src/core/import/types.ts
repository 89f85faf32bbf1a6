/** The shapes a user import job keeps, shared by the operations (jobs.ts) and the run (run.ts). */
import type { ImportJobRecord } from '../../store/user-import-jobs.js';

export type ImportJobStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Expired' | 'Stopped' | 'Failed' | 'Succeeded';

/** One row the import could not take, as Cognito would log it to CloudWatch Logs. */
export interface ImportRowError {
  /** The line of the CSV file (the header is line 1). */
  line: number;
  username?: string;
  /** 'Failed' or 'Skipped'. */
  outcome: string;
  message: string;
}

export interface ImportJobConfig {
  JobName: string;
  CloudWatchLogsRoleArn: string;
  PasswordHashingAlgorithm?: string;
  sealedUploadToken: string;
  uploadExpiresAt: number;
  StartDate?: number;
  CompletionDate?: number;
  ImportedUsers: number;
  SkippedUsers: number;
  FailedUsers: number;
  CompletionMessage?: string;
}

export const configOf = (job: ImportJobRecord) => job.config as ImportJobConfig;

/** At most this many row errors are kept per job; the counts still cover every row. */
export const MAX_KEPT_ERRORS = 1000;
