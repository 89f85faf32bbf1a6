import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, spawnServe } from '../helpers/cli.js';
import { createLoadPool, createUser } from '../helpers/load.js';
import { sdkClient } from '../helpers/server.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the SQLite data folder', () => {
  it('is created 0700, and the database, its WAL, the master key and the lock file are 0600', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'cognate-perms-'));
    dirs.push(parent);
    const dir = join(parent, 'data');
    const server = await spawnServe(['--data', dir, '--port', '0']);
    try {
      const cognito = sdkClient(server.url);
      const pool = await createLoadPool(cognito);
      await createUser(cognito, pool, 'perm');
      await cognito.send(new CreateUserPoolCommand({ PoolName: 'more' }));
      cognito.destroy();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dir);
      expect(files).toEqual(expect.arrayContaining(['cognate.sqlite', 'cognate.sqlite-wal', 'master.key', 'cognate.lock']));
      for (const file of files) expect({ file, mode: (statSync(join(dir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe('a bad --database-url', () => {
  const cases: [string, string, RegExp][] = [
    ['another database engine', 'mysql://root@127.0.0.1:3306/app', /must start with postgres:\/\/ or postgresql:\/\/ \(got mysql:\/\/\)/],
    ['something that is not a URL', 'base', /the database URL is not a URL; expected postgres:\/\//],
    ['a host that does not resolve', 'postgres://postgres@no-such-host.invalid:5432/test', /cannot connect to PostgreSQL at no-such-host\.invalid:5432\/test: the host name does not resolve/],
    ['a port where nothing listens', 'postgres://postgres@127.0.0.1:1/test', /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/test: nothing accepts connections there/],
  ];
  it.each(cases)('says what is wrong in one line and exits non-zero: %s', async (_title, url, message) => {
    const { code, stdout, stderr } = await runCli(['serve', '--database-url', url, '--port', '0']);
    expect(code).not.toBe(0);
    expect(stdout).not.toContain('listening on');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toContain('ENOTFOUND base');
  });
});
