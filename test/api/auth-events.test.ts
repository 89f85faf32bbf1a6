import {
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ChangePasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { MAX_EVENTS_PER_USER, TRIM_SLACK, feedbackToken, recordAuthEvent } from '../../src/core/events/events.js';
import { deviceName } from '../../src/core/events/origin.js';
import { getPool } from '../../src/core/pool/pools.js';
import { findUser } from '../../src/core/user/users.js';
import { applySeed } from '../../src/api/seed.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import { srpClient } from '../helpers/srp-client.js';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

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
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
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

    /** A public operation sent as a browser would, with its own User-Agent. */
    const fromBrowser = (target: string, body: object) =>
      fetch(server().url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}`, 'user-agent': CHROME },
        body: JSON.stringify(body),
      });

    it('records the request’s address and device: the socket and User-Agent, or an admin caller’s ContextData', async () => {
      await createConfirmedUser(server().cognito, poolId, 'ivan', 'Ivan-Passw0rd!');
      const signedIn = await fromBrowser('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ivan', PASSWORD: 'Ivan-Passw0rd!' },
        // A public client's own claim about the address counts only where the client propagates user context.
        UserContextData: { IpAddress: '198.51.100.7' },
      });
      expect(signedIn.status).toBe(200);
      const [browser] = (await events('ivan')).AuthEvents!;
      expect(browser!.EventContextData).toEqual({ IpAddress: expect.stringMatching(LOOPBACK), DeviceName: 'Chrome 120, Linux' });

      await server().cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ivan', PASSWORD: 'Ivan-Passw0rd!' },
          ContextData: { IpAddress: '203.0.113.9', ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [{ headerName: 'User-Agent', headerValue: FIREFOX }] },
        }),
      );
      const [forwarded] = (await events('ivan')).AuthEvents!;
      expect(forwarded!.EventContextData).toEqual({ IpAddress: '203.0.113.9', DeviceName: 'Firefox 121, Windows' });

      // The SDK's own User-Agent names the library.
      const { AuthenticationResult } = await signIn('ivan', 'Ivan-Passw0rd!');
      const [sdk] = (await events('ivan')).AuthEvents!;
      expect(sdk!.EventContextData).toMatchObject({ IpAddress: expect.stringMatching(LOOPBACK), DeviceName: expect.stringMatching(/^aws-sdk-js 3\./) });
      expect(sdk!.EventContextData!.Timezone ?? sdk!.EventContextData!.City ?? sdk!.EventContextData!.Country).toBeUndefined();

      // Password changes, forgotten passwords and sign-ups carry it too.
      await server().cognito.send(new ChangePasswordCommand({ AccessToken: AuthenticationResult!.AccessToken!, PreviousPassword: 'Ivan-Passw0rd!', ProposedPassword: 'Ivan-Passw0rd2!' }));
      expect((await fromBrowser('ForgotPassword', { ClientId: clientId, Username: 'ivan' })).status).toBe(200);
      const [forgot, change] = (await events('ivan')).AuthEvents!;
      expect([forgot!.EventType, forgot!.EventContextData]).toEqual(['ForgotPassword', { IpAddress: expect.stringMatching(LOOPBACK), DeviceName: 'Chrome 120, Linux' }]);
      expect(change!.EventType).toBe('PasswordChange');
      expect(change!.EventContextData!.IpAddress).toMatch(LOOPBACK);
      expect((await fromBrowser('SignUp', { ClientId: clientId, Username: 'judy', Password: 'Judy-Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'j@example.com' }] })).status).toBe(200);
      expect((await events('judy')).AuthEvents![0]!.EventContextData).toEqual({ IpAddress: expect.stringMatching(LOOPBACK), DeviceName: 'Chrome 120, Linux' });
    });

    it('records the hosted page’s and the password grant’s address and device, failed and successful', async () => {
      const HOSTED = 'us-east-1_EventsUi1';
      const CLIENT = 'eventsuiclient000000000001';
      const CALLBACK = 'https://app.example.com/callback';
      await applySeed(server().services, {
        UserPools: [
          {
            Id: HOSTED,
            PoolName: 'events-ui',
            Clients: [
              {
                ClientId: CLIENT,
                ClientName: 'web',
                CognateAllowPasswordGrant: true,
                AllowedOAuthFlowsUserPoolClient: true,
                AllowedOAuthFlows: ['code'],
                AllowedOAuthScopes: ['openid'],
                CallbackURLs: [CALLBACK],
                SupportedIdentityProviders: ['COGNITO'],
              },
            ],
            Users: [{ Username: 'uma', Password: 'Uma-Passw0rd!' }],
          },
        ],
      });
      const base = `${server().services.settings.publicUrl}/${HOSTED}`;
      const browser = new FormBrowser('127.0.0.9', undefined, { 'user-agent': FIREFOX });
      const login = `${base}/login?response_type=code&client_id=${CLIENT}&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=openid`;
      const wrong = await browser.submit(await browser.get(login), 'cognitoSignInForm', { username: 'uma', password: 'Wrong-Passw0rd!' });
      expect(wrong.status).toBe(200);
      const right = await browser.submit(await browser.get(login), 'cognitoSignInForm', { username: 'uma', password: 'Uma-Passw0rd!' });
      expect(right.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);
      const grant = await fetch(`${base}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': CHROME },
        body: new URLSearchParams({ grant_type: 'password', client_id: CLIENT, username: 'uma', password: 'Uma-Passw0rd!' }),
      });
      expect(grant.status).toBe(200);
      const { AuthEvents } = await server().cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: HOSTED, Username: 'uma' }));
      expect(AuthEvents!.map((e) => [e.EventType, e.EventResponse, e.EventContextData])).toEqual([
        ['SignIn', 'Pass', { IpAddress: expect.stringMatching(LOOPBACK), DeviceName: 'Chrome 120, Linux' }],
        ['SignIn', 'Pass', { IpAddress: expect.stringMatching(/127\.0\.0\.9$/), DeviceName: 'Firefox 121, Windows' }],
        ['SignIn', 'Fail', { IpAddress: expect.stringMatching(/127\.0\.0\.9$/), DeviceName: 'Firefox 121, Windows' }],
      ]);
    });

    it('records a wrong SRP password claim as a failed sign-in', async () => {
      await createConfirmedUser(server().cognito, poolId, 'kira', 'Kira-Passw0rd!');
      const srp = srpClient(poolId);
      const started = await server().cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'kira', SRP_A: srp.SRP_A } }));
      await expect(
        server().cognito.send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(started.ChallengeParameters, 'Wrong-Passw0rd!') }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const [failed] = (await events('kira')).AuthEvents!;
      expect(failed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail', EventContextData: { IpAddress: expect.stringMatching(LOOPBACK) } });
    });

    it('keeps the newest events, trimming in a batch once a user holds more than the cap and its slack', async () => {
      await createConfirmedUser(server().cognito, poolId, 'lena', 'Lena-Passw0rd!');
      const services = server().services;
      const pool = await getPool(services, poolId);
      const user = (await findUser(services, pool, 'lena'))!;
      const count = async () =>
        Number((await services.store.db.selectFrom('auth_events').select((eb) => eb.fn.countAll().as('n')).where('user_sub', '=', user.sub).executeTakeFirstOrThrow()).n);
      for (let i = 0; i < MAX_EVENTS_PER_USER + TRIM_SLACK; i++) await recordAuthEvent(services, { pool, user, type: 'SignIn', response: 'Pass' });
      expect(await count()).toBe(MAX_EVENTS_PER_USER + TRIM_SLACK);
      await recordAuthEvent(services, { pool, user, type: 'SignIn', response: 'Fail' });
      expect(await count()).toBe(MAX_EVENTS_PER_USER);
      expect((await events('lena', 1)).AuthEvents![0]!.EventResponse).toBe('Fail');
    });

    it('names devices from common User-Agents', () => {
      expect(deviceName(CHROME)).toBe('Chrome 120, Linux');
      expect(deviceName('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15')).toBe('Safari 17, Mac OS X');
      expect(deviceName('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91')).toBe('Edge 120, Windows');
      expect(deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1')).toBe('Safari 17, iOS');
      expect(deviceName('curl/8.5.0')).toBe('curl 8.5.0');
      expect(deviceName(undefined)).toBeUndefined();
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
