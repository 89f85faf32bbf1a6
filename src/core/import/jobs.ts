/**
 * User import jobs: create (with a pre-signed upload URL), upload, start, stop, describe, list.
 * States follow Cognito: Created → Pending → InProgress → Succeeded | Failed, or Stopping → Stopped;
 * a Created job whose upload URL lapsed without a file is Expired.
 */
import { timingSafeEqual } from 'node:crypto';
import type { SealedSecret } from '../../crypto/seal.js';
import * as repo from '../../store/user-import-jobs.js';
import { CognitoError } from '../errors.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { startRun } from './run.js';
import type { ImportJobConfig, ImportJobStatus, ImportRowError } from './types.js';
import { configOf } from './types.js';

export interface UserImportJob {
  JobName: string;
  JobId: string;
  UserPoolId: string;
  PreSignedUrl: string;
  CreationDate: number;
  StartDate?: number;
  CompletionDate?: number;
  Status: ImportJobStatus;
  CloudWatchLogsRoleArn: string;
  ImportedUsers: number;
  SkippedUsers: number;
  FailedUsers: number;
  CompletionMessage?: string;
  PasswordHashingAlgorithm?: string;
}

/** How long the pre-signed upload URL works. */
export const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const tokenContext = (jobId: string) => `import-upload:${jobId}`;

// The messages below follow Cognito's style; their exact wording is unconfirmed.
const notFound = (jobId: string) => new CognitoError('ResourceNotFoundException', `Import job ${jobId} does not exist.`);

export function statusOf(job: repo.ImportJobRecord, now: number): ImportJobStatus {
  const status = job.status as ImportJobStatus;
  return status === 'Created' && !job.hasCsv && now > configOf(job).uploadExpiresAt ? 'Expired' : status;
}

function uploadUrl(services: Services, job: repo.ImportJobRecord): string {
  const token = services.sealer.openString(configOf(job).sealedUploadToken as SealedSecret, tokenContext(job.id));
  return `${services.settings.publicUrl}/_cognate/import-uploads/${job.id}?token=${token}`;
}

export function describeJob(services: Services, job: repo.ImportJobRecord): UserImportJob {
  const c = configOf(job);
  return {
    JobName: c.JobName,
    JobId: job.id,
    UserPoolId: job.pool_id,
    PreSignedUrl: uploadUrl(services, job),
    CreationDate: job.created_at,
    ...(c.StartDate !== undefined ? { StartDate: c.StartDate } : {}),
    ...(c.CompletionDate !== undefined ? { CompletionDate: c.CompletionDate } : {}),
    Status: statusOf(job, services.clock.now()),
    CloudWatchLogsRoleArn: c.CloudWatchLogsRoleArn,
    ImportedUsers: c.ImportedUsers,
    SkippedUsers: c.SkippedUsers,
    FailedUsers: c.FailedUsers,
    ...(c.CompletionMessage !== undefined ? { CompletionMessage: c.CompletionMessage } : {}),
    ...(c.PasswordHashingAlgorithm !== undefined ? { PasswordHashingAlgorithm: c.PasswordHashingAlgorithm } : {}),
  };
}

export async function createImportJob(
  services: Services,
  input: { UserPoolId: string; JobName: string; CloudWatchLogsRoleArn: string; PasswordHashingAlgorithm?: string },
): Promise<UserImportJob> {
  const pool = await getPool(services, input.UserPoolId);
  const now = services.clock.now();
  const id = `import-${services.random.string(10, ALNUM)}`;
  // 256 bits: the URL is the only credential the upload needs, as an S3 pre-signed URL is.
  const token = services.random.bytes(32).toString('base64url');
  const job: repo.ImportJobRecord = {
    id,
    pool_id: pool.Id,
    status: 'Created',
    created_at: now,
    hasCsv: false,
    errors: [],
    config: {
      JobName: input.JobName,
      CloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn,
      ...(input.PasswordHashingAlgorithm ? { PasswordHashingAlgorithm: input.PasswordHashingAlgorithm } : {}),
      sealedUploadToken: services.sealer.seal(token, tokenContext(id)),
      uploadExpiresAt: now + UPLOAD_URL_LIFETIME_MS,
      ImportedUsers: 0,
      SkippedUsers: 0,
      FailedUsers: 0,
    } satisfies ImportJobConfig,
  };
  await repo.insertImportJob(services.store.db, job);
  return describeJob(services, job);
}

async function getJob(services: Services, poolId: string, jobId: string): Promise<repo.ImportJobRecord> {
  const pool = await getPool(services, poolId);
  const job = await repo.findImportJob(services.store.db, pool.Id, jobId);
  if (!job) throw notFound(jobId);
  return job;
}

export async function describeImportJob(services: Services, poolId: string, jobId: string): Promise<UserImportJob> {
  return describeJob(services, await getJob(services, poolId, jobId));
}

export async function listImportJobs(
  services: Services,
  poolId: string,
  maxResults: number,
  paginationToken?: string,
): Promise<{ UserImportJobs: UserImportJob[]; PaginationToken?: string }> {
  const pool = await getPool(services, poolId);
  let after: { created_at: number; id: string } | undefined;
  if (paginationToken) {
    const anchor = await repo.findImportJob(services.store.db, pool.Id, paginationToken);
    if (!anchor) throw new CognitoError('InvalidParameterException', 'Invalid PaginationToken.');
    after = { created_at: anchor.created_at, id: anchor.id };
  }
  const rows = await repo.listImportJobs(services.store.db, pool.Id, maxResults + 1, after);
  const page = rows.slice(0, maxResults);
  return {
    UserImportJobs: page.map((j) => describeJob(services, j)),
    ...(rows.length > maxResults ? { PaginationToken: page[page.length - 1]!.id } : {}),
  };
}

/** StartUserImportJob: the job must be Created with its file uploaded; the run goes on in the background. */
export async function startImportJob(services: Services, poolId: string, jobId: string): Promise<UserImportJob> {
  const job = await getJob(services, poolId, jobId);
  const status = statusOf(job, services.clock.now());
  if (status !== 'Created') throw new CognitoError('PreconditionNotMetException', `Import job ${jobId} is ${status} and cannot be started.`);
  if (!job.hasCsv) throw new CognitoError('PreconditionNotMetException', `No CSV file was uploaded to import job ${jobId}.`);
  const next: repo.ImportJobRecord = { ...job, status: 'Pending', config: { ...configOf(job), StartDate: services.clock.now() } };
  if (!(await repo.updateImportJob(services.store.db, next, 'Created')))
    throw new CognitoError('PreconditionNotMetException', `Import job ${jobId} was started already.`);
  startRun(services, job.pool_id, job.id);
  return describeJob(services, next);
}

/**
 * StopUserImportJob: a pending or running job stops after the batch it is writing. The run moves the
 * job from Pending to InProgress on its own, so a stop that lost that race reads the job again and
 * tries once more; statuses only move forward, so this ends within a few turns.
 */
export async function stopImportJob(services: Services, poolId: string, jobId: string): Promise<UserImportJob> {
  for (;;) {
    const job = await getJob(services, poolId, jobId);
    const status = job.status as ImportJobStatus;
    if (status !== 'Pending' && status !== 'InProgress')
      throw new CognitoError('PreconditionNotMetException', `Import job ${jobId} is ${statusOf(job, services.clock.now())} and cannot be stopped.`);
    const next: repo.ImportJobRecord = { ...job, status: 'Stopping' };
    if (await repo.updateImportJob(services.store.db, next, status)) return describeJob(services, next);
  }
}

/**
 * The pre-signed upload: the token must be the job's and unexpired, and the job still Created. False
 * when the URL is wrong or spent, which the route answers as S3 does (403), saying nothing more.
 */
export async function uploadImportCsv(services: Services, jobId: string, token: string, csv: string): Promise<boolean> {
  const job = await repo.findImportJobById(services.store.db, jobId);
  if (!job) return false;
  const expected = Buffer.from(services.sealer.openString(configOf(job).sealedUploadToken as SealedSecret, tokenContext(job.id)));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  if (services.clock.now() > configOf(job).uploadExpiresAt || job.status !== 'Created') return false;
  return repo.setImportCsv(services.store.db, job.id, 'Created', csv);
}

/** The rows a job could not take, for `/_cognate/import-jobs/<jobId>/errors`; undefined for an unknown job. */
export async function importJobErrors(services: Services, jobId: string): Promise<{ job: UserImportJob; errors: ImportRowError[] } | undefined> {
  const job = await repo.findImportJobById(services.store.db, jobId);
  if (!job) return undefined;
  return { job: describeJob(services, job), errors: job.errors as unknown as ImportRowError[] };
}
