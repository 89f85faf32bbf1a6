import {
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

/**
 * Injection through the one place the Cognito API takes a query language: ListUsers' Filter. The
 * value must be matched as text on both engines, SQL quoting and LIKE wildcards included.
 */
forEachEngine('ListUsers Filter values are data, not SQL', (server) => {
  let poolId: string;
  beforeAll(async () => {
    const { UserPool } = await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'injection' }));
    poolId = UserPool!.Id!;
    for (const [name, email] of [
      ['ann', 'ann@example.com'],
      ['bob', "o'brien@example.com"],
      ['cat', 'c%t_x@example.com'],
    ]) {
      await createConfirmedUser(server().cognito, poolId, name!, 'Correct-horse-1', [{ Name: 'email', Value: email! }]);
    }
  });
  const names = async (Filter: string) =>
    ((await server().cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter }))).Users ?? []).map((u) => u.Username).sort();

  it('matches quotes literally and never widens a filter with SQL', async () => {
    expect(await names(`email = "o'brien@example.com"`)).toEqual(['bob']);
    expect(await names(`email = "x' OR '1'='1"`)).toEqual([]);
    expect(await names(`email = "x\\" OR 1=1 --"`)).toEqual([]);
    expect(await names(`username = "ann'; DROP TABLE users; --"`)).toEqual([]);
    expect(await names('username ^= ""')).toEqual(['ann', 'bob', 'cat']);
  });

  it('treats % and _ in a prefix as characters, not wildcards', async () => {
    expect(await names('email ^= "%"')).toEqual([]);
    expect(await names('email ^= "_"')).toEqual([]);
    expect(await names('email ^= "c%t_"')).toEqual(['cat']);
    expect(await names('email ^= "c_t"')).toEqual([]);
  });
});

forEachEngine('long passwords (ASVS 2.1.2, 6.2.9)', (server) => {
  it('takes a 256-character password and signs in with it, and refuses 257 characters', async () => {
    const { UserPool } = await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'long-passwords' }));
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await server().cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const long = `Aa1!${'x'.repeat(200)}${'é'.repeat(52)}`;
    expect([...long]).toHaveLength(256);
    await createConfirmedUser(server().cognito, poolId, 'lena', long);
    const signIn = (password: string) =>
      server().cognito.send(new InitiateAuthCommand({ ClientId: UserPoolClient!.ClientId!, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'lena', PASSWORD: password } }));
    expect((await signIn(long)).AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(signIn(long.slice(0, -1))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(
      server().cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'lena', Password: `${long}x`, Permanent: true })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
