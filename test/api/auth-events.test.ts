import {
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { feedbackToken } from '../../src/core/events/events.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

const LEAKED = 'Leaked-Passw0rd!';

forEachEngine(
  'auth events',
  (server) => {
    let poolId: string;
    let clientId: string;
    const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;
    const signIn = (USERNAME: string, PASSWORD: string) =>
      server().cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }));
    const events = async (Username: string, MaxResults?: number, NextToken?: string) =>
      server().cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username, MaxResults, NextToken }));

    beforeAll(async () => {
      poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'events' }))).UserPool!.Id!;
      clientId = (
        await server().cognito.send(
          new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
        )
      ).UserPoolClient!.ClientId!;
    });

    it('records sign-ins, failed sign-ins and sign-ups, newest first, in pages', async () => {
      await createConfirmedUser(server().cognito, poolId, 'erin', 'Good-Passw0rd!');
      await expect(signIn('erin', 'Wrong-Passw0rd!')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await signIn('erin', 'Good-Passw0rd!');
      const { AuthEvents } = await events('erin');
      expect(AuthEvents!.map((e) => [e.EventType, e.EventResponse])).toEqual([
        ['SignIn', 'Pass'],
        ['SignIn', 'Fail'],
      ]);
      expect(AuthEvents![0]).toMatchObject({ EventRisk: { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false } });
      expect(AuthEvents![0]!.CreationDate).toBeInstanceOf(Date);
      expect(AuthEvents![0]!.EventId).toMatch(/^[\w+-]{1,50}$/);

      const first = await events('erin', 1);
      expect(first.AuthEvents).toHaveLength(1);
      const second = await events('erin', 1, first.NextToken);
      expect(second.AuthEvents![0]!.EventResponse).toBe('Fail');
      expect(second.NextToken).toBeUndefined();

      await server().cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'frank', Password: 'Frank-Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'f@example.com' }] }));
      expect((await events('frank')).AuthEvents!.map((e) => e.EventType)).toEqual(['SignUp']);
      await expect(send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('takes feedback from an admin and, with the signed token, from the user', async () => {
      const [latest, older] = (await events('erin')).AuthEvents!;
      await server().cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'erin', EventId: latest!.EventId, FeedbackValue: 'Valid' }));
      const token = feedbackToken(server().services, poolId, 'erin', older!.EventId!);
      await expect(
        send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'erin', EventId: older!.EventId, FeedbackToken: `${token}x`, FeedbackValue: 'Invalid' })),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await server().cognito.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'erin', EventId: older!.EventId, FeedbackToken: token, FeedbackValue: 'Invalid' }));
      const after = (await events('erin')).AuthEvents!;
      expect(after[0]!.EventFeedback).toMatchObject({ FeedbackValue: 'Valid', Provider: 'Admin' });
      expect(after[1]!.EventFeedback).toMatchObject({ FeedbackValue: 'Invalid', Provider: 'Cognito' });
      await expect(
        send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'erin', EventId: 'no-such-event', FeedbackValue: 'Valid' })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('blocks a sign-in with a listed password only when the risk configuration says BLOCK', async () => {
      await createConfirmedUser(server().cognito, poolId, 'gina', LEAKED);
      expect((await signIn('gina', LEAKED)).AuthenticationResult?.AccessToken).toBeTruthy();
      await server().cognito.send(
        new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN'], Actions: { EventAction: 'BLOCK' } } }),
      );
      await expect(signIn('gina', LEAKED)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Unable to login because of security reasons.' });
      const [blocked] = (await events('gina')).AuthEvents!;
      expect(blocked).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail', EventRisk: { RiskDecision: 'Block', CompromisedCredentialsDetected: true } });
      // Other passwords are not judged.
      await createConfirmedUser(server().cognito, poolId, 'hugo', 'Unlisted-Passw0rd!');
      expect((await signIn('hugo', 'Unlisted-Passw0rd!')).AuthenticationResult?.AccessToken).toBeTruthy();
    });
  },
  { compromisedPasswords: [LEAKED] },
);
