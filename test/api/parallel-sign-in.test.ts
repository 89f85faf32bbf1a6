import { AdminInitiateAuthCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

/**
 * An attempt is reserved against the lockout before its password is judged (attempt-races.test.ts),
 * so sign-ins in flight count as failures until they hand their reservation back. Cognito locks only
 * after failures: many right sign-ins of one user at once (a load test with one test user) must all
 * succeed, while a burst of wrong ones is still held to the lockout's count there.
 */
const PASSWORD = 'Para11el-Passw0rd!';
const AT_ONCE = 24;

forEachEngine('parallel sign-ins of one user', (server) => {
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    const cognito = server().cognito;
    poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'parallel' }))).UserPool!.Id!;
    clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'load', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
      .UserPoolClient!.ClientId!;
    await createConfirmedUser(cognito, poolId, 'loadtester', PASSWORD);
  });

  it(`signs the user in ${AT_ONCE} times at once, none refused as a lock`, async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, () =>
        server().cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'loadtester', PASSWORD } })),
      ),
    );
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [`${(o.reason as Error).name}: ${(o.reason as Error).message}`] : []));
    expect(refused).toEqual([]);
    expect(outcomes.every((o) => o.status === 'fulfilled' && o.value.AuthenticationResult?.AccessToken)).toBe(true);
  });
});
