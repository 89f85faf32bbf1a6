import { AdminCreateUserCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { parseDurationSeconds } from '../../src/cli/duration.js';
import { sweepOutbox } from '../../src/core/outbox/outbox.js';
import { ManualClock } from '../../src/core/providers.js';
import { runCli } from '../helpers/cli.js';
import type { TestServer } from '../helpers/server.js';
import { forEachEngine, json, startTestServer } from '../helpers/server.js';

forEachEngine('the outbox', (server) => {
  it('keeps the invitation AdminCreateUser would send, readable by pool and by user, newest last', async () => {
    const { cognito, url } = server();
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'outbox' }));
    const UserPoolId = UserPool!.Id!;
    for (const name of ['ann', 'bob'])
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: name,
          UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    const all = await json(await fetch(`${url}/_cognate/outbox?pool=${UserPoolId}`));
    expect(all.messages.map((m: { username: string }) => m.username)).toEqual(['ann', 'bob']);
    const bob = await json(await fetch(`${url}/_cognate/outbox?pool=${UserPoolId}&user=bob`));
    expect(bob.messages).toHaveLength(1);
    expect(bob.messages[0]).toMatchObject({ channel: 'EMAIL', destination: 'bob@example.com', kind: 'invitation' });
    expect(bob.messages[0].body).toContain(bob.messages[0].code);

    const cli = await runCli(['outbox', '--pool', UserPoolId, '--user', 'bob@example.com', '--json', '--endpoint', url]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(bob.messages);
  });
});

describe('admin endpoints with admin credentials', () => {
  it('refuse unsigned calls and accept calls signed by the admin credentials', async () => {
    const server = await startTestServer('sqlite', { adminCredentials: { accessKeyId: 'AKIDADMIN', secretAccessKey: 'admin-secret' } });
    try {
      const unsigned = await fetch(`${server.url}/_cognate/outbox`);
      expect(unsigned.status).toBe(403);
      expect((await json(unsigned)).__type).toBe('MissingAuthenticationTokenException');
      const wrong = await runCli(['outbox', '--endpoint', server.url, '--admin-credentials', 'AKIDADMIN:not-the-secret']);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('InvalidSignatureException');
      const signed = await runCli(['outbox', '--endpoint', server.url, '--admin-credentials', 'AKIDADMIN:admin-secret']);
      expect(signed.code).toBe(0);
      expect(signed.stdout).toContain('The outbox is empty.');
    } finally {
      await server.close();
    }
  });
});

const HOUR = 3600_000;

/** Invitations for new users of a new pool; returns the pool id. */
async function invite(server: TestServer, names: string[]): Promise<string> {
  const { UserPool } = await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'retention' }));
  for (const name of names)
    await server.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: name, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }], DesiredDeliveryMediums: ['EMAIL'] }),
    );
  return UserPool!.Id!;
}

const stored = async (server: TestServer, poolId: string) =>
  (await server.services.store.db.selectFrom('outbox').select('id').where('pool_id', '=', poolId).execute()).length;

const listed = async (server: TestServer, poolId: string) => (await json(await fetch(`${server.url}/_cognate/outbox?pool=${poolId}`))).messages as { code: string }[];

const clock = new ManualClock();

forEachEngine(
  'outbox retention',
  (server) => {
    it('keeps temporary passwords and codes for 24 hours by default, then deletes them from storage', async () => {
      const poolId = await invite(server(), ['ann']);
      clock.advance(24 * HOUR - 1000);
      expect(await listed(server(), poolId)).toHaveLength(1);
      clock.advance(1001);
      expect(await listed(server(), poolId)).toEqual([]);
      expect(await stored(server(), poolId)).toBe(0);
    });

    it('sweeps in bounded batches, oldest first, and leaves younger messages alone', async () => {
      const old = await invite(server(), ['a1', 'a2', 'a3', 'a4', 'a5']);
      clock.advance(12 * HOUR);
      const young = await invite(server(), ['b1']);
      clock.advance(12 * HOUR + 1);
      expect(await sweepOutbox(server().services, 2)).toBe(2);
      expect(await stored(server(), old)).toBe(3);
      expect(await sweepOutbox(server().services, 2)).toBe(2);
      expect(await sweepOutbox(server().services, 2)).toBe(1);
      expect(await sweepOutbox(server().services, 2)).toBe(0);
      expect(await stored(server(), old)).toBe(0);
      expect(await stored(server(), young)).toBe(1);
      expect(await listed(server(), young)).toHaveLength(1);
    });
  },
  { clock },
);

describe('a configured outbox retention', () => {
  it('follows --outbox-retention (here one hour)', async () => {
    const hourClock = new ManualClock();
    const server = await startTestServer('sqlite', { clock: hourClock, outboxRetentionSeconds: parseDurationSeconds('1h', '--outbox-retention') });
    try {
      const poolId = await invite(server, ['cy']);
      hourClock.advance(HOUR - 1000);
      expect(await listed(server, poolId)).toHaveLength(1);
      hourClock.advance(1001);
      expect(await listed(server, poolId)).toEqual([]);
      expect(await stored(server, poolId)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('reads durations as seconds or with a unit, and refuses anything else', () => {
    expect(parseDurationSeconds('86400', '--outbox-retention')).toBe(86400);
    expect(parseDurationSeconds('24h', '--outbox-retention')).toBe(86400);
    expect(parseDurationSeconds('30m', '--outbox-retention')).toBe(1800);
    expect(parseDurationSeconds('7d', '--outbox-retention')).toBe(604800);
    expect(parseDurationSeconds('45s', '--outbox-retention')).toBe(45);
    for (const bad of ['', '0', '-5', '1.5h', '24 hours', 'forever', '10w']) expect(() => parseDurationSeconds(bad, '--outbox-retention'), bad).toThrow(/--outbox-retention/);
  });
});
