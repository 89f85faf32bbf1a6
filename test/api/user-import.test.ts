import {
  AdminGetUserCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { importRunSettled } from '../../src/core/import/run.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

const ROLE = 'arn:aws:iam::000000000000:role/CognitoImport';

forEachEngine('user import', (server) => {
  let poolId: string;
  let header: string[];
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;

  /** One CSV line with the given columns set and the rest empty. */
  const line = (values: Record<string, string>) => header.map((h) => values[h] ?? '').map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
  const createJob = async (name: string) =>
    (await server().cognito.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
  const upload = (url: string, body: string) => fetch(url, { method: 'PUT', headers: { 'content-type': 'text/csv', 'x-amz-server-side-encryption': 'aws:kms' }, body });
  const describe = async (JobId: string) => (await server().cognito.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId }))).UserImportJob!;

  beforeAll(async () => {
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'import', AliasAttributes: ['email'] }))).UserPool!.Id!;
    header = (await server().cognito.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
    await createConfirmedUser(server().cognito, poolId, 'already-here', 'Alr3ady-Here-Passw0rd!');
  });

  it('imports a CSV through the pre-signed URL, keeping the row errors', async () => {
    const job = await createJob('first import');
    expect(job).toMatchObject({ JobName: 'first import', UserPoolId: poolId, Status: 'Created', CloudWatchLogsRoleArn: ROLE, ImportedUsers: 0 });
    expect(job.JobId).toMatch(/^import-[0-9a-zA-Z-]+$/);
    const url = new URL(job.PreSignedUrl!);
    expect(url.searchParams.get('token')!.length).toBeGreaterThanOrEqual(40);

    const csv = [
      header.join(','),
      line({ 'cognito:username': 'ada', email: 'ada@example.com', email_verified: 'true', name: 'Ada, Countess', 'cognito:mfa_enabled': 'false' }),
      line({ 'cognito:username': 'bob', phone_number: '+15555550100', phone_number_verified: 'true', 'cognito:mfa_enabled': 'true' }),
      line({ email: 'nobody@example.com', email_verified: 'true' }),
      line({ 'cognito:username': 'carol', email: 'carol@example.com', email_verified: 'maybe' }),
      line({ 'cognito:username': 'dave', 'cognito:mfa_enabled': 'true' }),
      line({ 'cognito:username': 'ada', email: 'ada2@example.com', email_verified: 'false' }),
      line({ 'cognito:username': 'already-here' }),
      '',
    ].join('\r\n');

    const wrong = new URL(url);
    wrong.searchParams.set('token', 'A'.repeat(url.searchParams.get('token')!.length));
    expect((await upload(wrong.href, csv)).status).toBe(403);
    await expect(send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).rejects.toMatchObject({ name: 'PreconditionNotMetException' });
    expect((await upload(url.href, csv)).status).toBe(200);

    const started = (await server().cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob!;
    expect(started.Status).toBe('Pending');
    expect(started.StartDate).toBeInstanceOf(Date);
    await importRunSettled(server().services, job.JobId!);

    const done = await describe(job.JobId!);
    expect(done).toMatchObject({ Status: 'Succeeded', ImportedUsers: 2, SkippedUsers: 1, FailedUsers: 4 });
    expect(done.CompletionDate).toBeInstanceOf(Date);
    expect(done.CompletionMessage).toMatch(/^\w+$/);
    expect((await upload(url.href, csv)).status).toBe(403);

    const ada = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ada' }));
    expect(ada.UserStatus).toBe('RESET_REQUIRED');
    expect(ada.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Ada, Countess' }, { Name: 'email_verified', Value: 'true' }]));
    const bob = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    expect(bob.UserMFASettingList).toEqual(['SMS_MFA']);

    const res = await fetch(`${server().url}/_cognate/import-jobs/${job.JobId}/errors`);
    expect(res.status).toBe(200);
    const { errors } = (await res.json()) as { errors: { line: number; outcome: string; message: string }[] };
    expect(errors.map((e) => [e.line, e.outcome])).toEqual([
      [4, 'Failed'],
      [5, 'Failed'],
      [6, 'Failed'],
      [7, 'Failed'],
      [8, 'Skipped'],
    ]);
    expect(errors[0]!.message).toContain('cognito:username');

    const client = (await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
      .UserPoolClient!.ClientId!;
    await expect(
      send(new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD: 'Anything-1234!' } })),
    ).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });
  });

  it('fails a job whose header does not match GetCSVHeader', async () => {
    const job = await createJob('bad header');
    expect((await upload(job.PreSignedUrl!, 'cognito:username,email\nzed,zed@example.com\n')).status).toBe(200);
    await server().cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    await importRunSettled(server().services, job.JobId!);
    expect(await describe(job.JobId!)).toMatchObject({ Status: 'Failed', ImportedUsers: 0 });
    await expect(send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zed' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('stops a running job, and lists jobs in pages', async () => {
    const job = await createJob('to stop');
    const rows = Array.from({ length: 20_000 }, (_, i) => line({ 'cognito:username': `stop-${i}` }));
    expect((await upload(job.PreSignedUrl!, [header.join(','), ...rows].join('\n'))).status).toBe(200);
    await server().cognito.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    const stopping = await server()
      .cognito.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))
      .then((r) => r.UserImportJob!.Status)
      .catch((e: Error) => e.name);
    await importRunSettled(server().services, job.JobId!);
    const final = await describe(job.JobId!);
    if (stopping === 'Stopping') {
      expect(final.Status).toBe('Stopped');
      expect(final.ImportedUsers).toBeLessThanOrEqual(20_000);
    } else {
      // The run had already finished when the stop arrived.
      expect(stopping).toBe('PreconditionNotMetException');
      expect(final).toMatchObject({ Status: 'Succeeded', ImportedUsers: 20_000 });
    }
    await expect(send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).rejects.toMatchObject({ name: 'PreconditionNotMetException' });

    const first = await server().cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2 }));
    expect(first.UserImportJobs).toHaveLength(2);
    expect(first.PaginationToken).toBeTruthy();
    const rest = await server().cognito.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60, PaginationToken: first.PaginationToken }));
    expect(rest.UserImportJobs!.map((j) => j.JobName)).toEqual(['to stop']);
    await expect(send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-nosuchjob' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
