import { CreateUserImportJobCommand, CreateUserPoolCommand, DescribeUserImportJobCommand, GetCSVHeaderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it, vi } from 'vitest';
import { startImportJob, stopImportJob } from '../../src/core/import/jobs.js';
import { importRunSettled } from '../../src/core/import/run.js';
import type * as JobsRepo from '../../src/store/user-import-jobs.js';
import { forEachEngine } from '../helpers/server.js';

/**
 * A stop and the background run both move an import job's status. Each race is forced here by doing
 * the other side's write at the worst moment: after a read of the job has returned and before its
 * reader acts on it. The store module is wrapped (the server runs in this process, so every reader
 * goes through it); the hooks sit outside any connection, so SQLite's single one is free for them.
 */
const hooks = vi.hoisted(() => ({
  afterRead: undefined as ((jobId: string) => Promise<void>) | undefined,
  progressWrites: 0,
}));
vi.mock('../../src/store/user-import-jobs.js', async (importOriginal) => {
  const original = await importOriginal<typeof JobsRepo>();
  return {
    ...original,
    findImportJob: async (...args: Parameters<typeof original.findImportJob>) => {
      const job = await original.findImportJob(...args);
      await hooks.afterRead?.(args[2]);
      return job;
    },
    updateImportProgress: async (...args: Parameters<typeof original.updateImportProgress>) => {
      hooks.progressWrites += 1;
      return original.updateImportProgress(...args);
    },
  };
});

forEachEngine('user import races', (server) => {
  let poolId: string;
  let csv: string;

  beforeAll(async () => {
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'import races' }))).UserPool!.Id!;
    const header = (await server().cognito.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
    csv = [header.join(','), header.map((h) => (h === 'cognito:username' ? 'racer' : h === 'cognito:mfa_enabled' ? 'false' : '')).join(',')].join('\n');
  });

  /** A job with its CSV uploaded, still Created. */
  async function uploadedJob(name: string): Promise<string> {
    const job = (await server().cognito.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/Import' })))
      .UserImportJob!;
    const res = await fetch(job.PreSignedUrl!, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    return job.JobId!;
  }
  const status = async (JobId: string) => (await server().cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId }))).UserImportJob!.Status;

  it('stops a job that went from Pending to InProgress between the stop reading it and writing it', async () => {
    const jobId = await uploadedJob('stop after the run began');
    const { db } = server().services.store;
    // Pending with no run of its own, so only the write below moves it.
    await db.updateTable('user_import_jobs').set({ status: 'Pending' }).where('id', '=', jobId).execute();
    let raced = false;
    hooks.afterRead = async () => {
      hooks.afterRead = undefined;
      raced = true;
      await db.updateTable('user_import_jobs').set({ status: 'InProgress' }).where('id', '=', jobId).execute();
    };

    const answer = await stopImportJob(server().services, poolId, jobId);
    expect(raced).toBe(true);
    expect(answer.Status).toBe('Stopping');
    expect(await status(jobId)).toBe('Stopping');
  });

  it('ends as Stopped when the stop lands after the run last looked, just before it writes its end', async () => {
    const jobId = await uploadedJob('stop at the end');
    const services = server().services;
    let stopAnswer: string | undefined;
    hooks.progressWrites = 0;
    // The run's read after its (one batch's) progress write is the one its end is written over.
    hooks.afterRead = async () => {
      if (hooks.progressWrites === 0) return;
      hooks.afterRead = undefined;
      stopAnswer = (await stopImportJob(services, poolId, jobId)).Status;
    };

    await startImportJob(services, poolId, jobId);
    await importRunSettled(services, jobId);
    hooks.afterRead = undefined;
    expect(stopAnswer).toBe('Stopping');
    expect(await status(jobId)).toBe('Stopped');
  });
});
