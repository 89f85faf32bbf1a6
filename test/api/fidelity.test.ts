import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { maskDestination } from '../../src/core/user/verification.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

forEachEngine('answers as Cognito gives them', (server) => {
  const cognito = () => server().cognito;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'fidelity', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    clientId = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
  });

  it('masks an e-mail destination as t***@e***, without the domain’s top-level part', async () => {
    const signUp = await cognito().send(
      new SignUpCommand({ ClientId: clientId, Username: 'tina', Password: 'Passw0rd!Passw0rd', UserAttributes: [{ Name: 'email', Value: 'tina@example.com' }] }),
    );
    expect(signUp.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 't***@e***' });
    await createConfirmedUser(cognito(), poolId, 'otto', 'Passw0rd!Passw0rd', [
      { Name: 'email', Value: 'otto@mail.example.co.uk' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    const forgot = await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'otto' }));
    expect(forgot.CodeDeliveryDetails!.Destination).toBe('o***@m***');
    expect(maskDestination('SMS', '+15555550100')).toBe('+*******0100');
  });

  it('refuses AdminResetUserPassword on a disabled user with NotAuthorizedException, changing and sending nothing', async () => {
    await createConfirmedUser(cognito(), poolId, 'dora', 'Passw0rd!Passw0rd');
    await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    const before = (await listOutbox(server().services, { poolId, username: 'dora' })).length;
    await expect(cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'dora' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dora' }))).UserStatus).toBe('CONFIRMED');
    expect(await listOutbox(server().services, { poolId, username: 'dora' })).toHaveLength(before);
    // Enabled again, the reset goes through.
    await cognito().send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'dora' }));
    expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dora' }))).UserStatus).toBe('RESET_REQUIRED');
  });
});
