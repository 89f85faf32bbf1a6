import { AdminCreateUserCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
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
