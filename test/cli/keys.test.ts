import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../helpers/cli.js';
import { runCli, spawnServe } from '../helpers/cli.js';
import { createTestDatabase, engines, json, sdkClient } from '../helpers/server.js';

const ADMIN = 'AKIDADMIN:admin-secret';

describe.each(engines())('cognate keys rotate [%s]', (engine) => {
  let server: ServeProcess;
  let poolId: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  const kids = async (): Promise<string[]> => (await json(await fetch(`${server.url}/${poolId}/.well-known/jwks.json`))).keys.map((k: { kid: string }) => k.kid);

  beforeAll(async () => {
    let storage = ['--in-memory'];
    if (engine === 'postgres') {
      const db = await createTestDatabase();
      dropDatabase = db.drop;
      storage = ['--database-url', db.url];
    }
    server = await spawnServe([...storage, '--port', '0', '--admin-credentials', ADMIN]);
    const cognito = sdkClient(server.url, { accessKeyId: 'AKIDADMIN', secretAccessKey: 'admin-secret' });
    poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'cli-keys' }))).UserPool!.Id!;
    cognito.destroy();
  });
  afterAll(async () => {
    await server?.stop();
    await dropDatabase?.();
  });

  it('refuses an unsigned rotation when the server has admin credentials, and changes nothing', async () => {
    const before = await kids();
    const unsigned = await fetch(`${server.url}/_cognate/keys/rotate?pool=${poolId}`, { method: 'POST' });
    expect(unsigned.status).toBe(403);
    expect((await json(unsigned)).__type).toBe('MissingAuthenticationTokenException');
    const wrong = await runCli(['keys', 'rotate', '--pool', poolId, '--endpoint', server.url, '--admin-credentials', 'AKIDADMIN:not-the-secret']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('InvalidSignatureException');
    expect(await kids()).toEqual(before);
  });

  it('rotates the keys of the pool, prints the new kids, and the JWKS publishes them next to the old ones', async () => {
    const before = await kids();
    expect(before).toHaveLength(2);
    const { code, stdout, stderr } = await runCli(['keys', 'rotate', '--pool', poolId, '--endpoint', server.url, '--admin-credentials', ADMIN]);
    expect(code, stderr).toBe(0);
    const printed = [...stdout.matchAll(/kid:\s+(\S+)/g)].map((m) => m[1]!);
    expect(printed).toHaveLength(2);
    expect(stdout).toContain(`Rotated the signing keys of ${poolId}.`);
    const after = await kids();
    expect(after).toHaveLength(4);
    expect(after).toEqual(expect.arrayContaining([...before, ...printed]));

    const again = await runCli(['keys', 'rotate', '--pool', poolId, '--json', '--endpoint', server.url], { COGNATE_ADMIN_CREDENTIALS: ADMIN });
    expect(again.code).toBe(0);
    const rotation = JSON.parse(again.stdout);
    expect(rotation).toMatchObject({ poolId, idKid: expect.any(String), accessKid: expect.any(String), previousKeysPublishedUntil: expect.any(Number) });
    expect(await kids()).toEqual(expect.arrayContaining([rotation.idKid, rotation.accessKid, ...printed, ...before]));
  });

  it('fails with the server\'s error for a pool that does not exist', async () => {
    const { code, stderr } = await runCli(['keys', 'rotate', '--pool', 'us-east-1_NoSuchPool', '--endpoint', server.url, '--admin-credentials', ADMIN]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('ResourceNotFoundException User pool us-east-1_NoSuchPool does not exist.');
  });

  it('requires --pool', async () => {
    const { code, stderr } = await runCli(['keys', 'rotate', '--endpoint', server.url]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--pool');
  });
});
