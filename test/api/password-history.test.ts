import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const reused = { name: 'PasswordHistoryPolicyViolationException' };
const P = ['Passw0rd!1', 'Passw0rd!2', 'Passw0rd!3', 'Passw0rd!4'];

forEachEngine('PasswordHistorySize', (server) => {
  const cognito = () => server().cognito;
  const setup = async (historySize?: number) => {
    const { UserPool } = await cognito().send(
      new CreateUserPoolCommand({
        PoolName: 'history',
        Policies: { PasswordPolicy: { MinimumLength: 8, ...(historySize !== undefined ? { PasswordHistorySize: historySize } : {}) } },
      }),
    );
    const UserPoolId = UserPool!.Id!;
    const { UserPoolClient } = await cognito().send(
      new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    await cognito().send(new AdminCreateUserCommand({ UserPoolId, Username: 'alice', TemporaryPassword: P[0], MessageAction: 'SUPPRESS' }));
    return { UserPoolId, ClientId: UserPoolClient!.ClientId! };
  };
  const setPassword = (UserPoolId: string, Password: string) =>
    cognito().send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'alice', Password, Permanent: true }));
  const signIn = (UserPoolId: string, ClientId: string, PASSWORD: string) =>
    cognito().send(new AdminInitiateAuthCommand({ UserPoolId, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }));

  it('refuses any of the last n passwords, the current one included, and allows older ones', async () => {
    const { UserPoolId } = await setup(2);
    await setPassword(UserPoolId, P[1]!);
    await expect(setPassword(UserPoolId, P[1]!)).rejects.toMatchObject(reused);
    await setPassword(UserPoolId, P[2]!);
    await expect(setPassword(UserPoolId, P[1]!)).rejects.toMatchObject(reused);
    await setPassword(UserPoolId, P[3]!);
    // P[1] is now three passwords back, beyond a history of two.
    await setPassword(UserPoolId, P[1]!);
  });

  it('applies to ChangePassword and to the new password of NEW_PASSWORD_REQUIRED', async () => {
    const { UserPoolId, ClientId } = await setup(3);
    const challenge = await signIn(UserPoolId, ClientId, P[0]!);
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    await expect(
      cognito().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId,
          ClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: P[0]! },
        }),
      ),
    ).rejects.toMatchObject(reused);
    const done = await cognito().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId,
        ClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: P[1]! },
      }),
    );
    const AccessToken = done.AuthenticationResult!.AccessToken!;
    await expect(cognito().send(new ChangePasswordCommand({ AccessToken, PreviousPassword: P[1], ProposedPassword: P[0] }))).rejects.toMatchObject(reused);
    await cognito().send(new ChangePasswordCommand({ AccessToken, PreviousPassword: P[1], ProposedPassword: P[2] }));
    expect((await signIn(UserPoolId, ClientId, P[2]!)).AuthenticationResult).toBeDefined();
  });

  it('is not enforced when the pool sets no history', async () => {
    const { UserPoolId } = await setup();
    await setPassword(UserPoolId, P[1]!);
    await setPassword(UserPoolId, P[1]!);
  });
});
