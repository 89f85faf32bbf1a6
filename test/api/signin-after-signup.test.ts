import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { ManualClock } from '../../src/core/providers.js';
import { forEachEngine } from '../helpers/server.js';

/**
 * Cognito's sign-in after sign-up: SignUp's Session to ConfirmSignUp, ConfirmSignUp's Session to
 * InitiateAuth USER_AUTH, which signs the new user in without a further first factor.
 */

const PASSWORD = 'Signup-Passw0rd!';
const clock = new ManualClock(Date.now());
const EXPIRED = { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' };

forEachEngine(
  'sign-in after sign-up',
  (server) => {
    const cognito = () => server().cognito;

    async function setup(options: { mfa?: boolean } = {}) {
      const poolId = (
        await cognito().send(
          new CreateUserPoolCommand({ PoolName: 'after-signup', AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }),
        )
      ).UserPool!.Id!;
      if (options.mfa) {
        await cognito().send(
          new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Code' } }),
        );
      }
      const client = (name: string) =>
        cognito()
          .send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name, ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
          .then((r) => r.UserPoolClient!.ClientId!);
      return { poolId, clientId: await client('app'), otherClientId: await client('other') };
    }

    async function signUp(clientId: string, poolId: string, Username: string) {
      const out = await cognito().send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] }));
      const code = (await listOutbox(server().services, { poolId, username: Username })).at(-1)!.code!;
      return { session: out.Session, code };
    }

    const confirm = (ClientId: string, Username: string, ConfirmationCode: string, Session?: string) =>
      cognito().send(new ConfirmSignUpCommand({ ClientId, Username, ConfirmationCode, Session }));

    const userAuth = (ClientId: string, USERNAME: string, Session: string | undefined) =>
      cognito().send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME }, Session }));

    it('signs the user in with ConfirmSignUp’s Session, once', async () => {
      const { poolId, clientId } = await setup();
      const { session, code } = await signUp(clientId, poolId, 'nina');
      expect(session).toMatch(/^.{20,2048}$/);
      const confirmed = await confirm(clientId, 'nina', code, session);
      expect(confirmed.Session).toMatch(/^.{20,2048}$/);

      const done = await userAuth(clientId, 'nina', confirmed.Session);
      expect(done.ChallengeName).toBeUndefined();
      expect(decodeJwt(done.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'nina', email_verified: true });
      // Single-use: the same Session again is refused.
      await expect(userAuth(clientId, 'nina', confirmed.Session)).rejects.toMatchObject(EXPIRED);
    });

    it('gives a Session to a ConfirmSignUp without one (as Amplify calls it), good through AdminInitiateAuth too', async () => {
      const { poolId, clientId } = await setup();
      const { code } = await signUp(clientId, poolId, 'omar');
      const { Session } = await confirm(clientId, 'omar', code);
      const done = await cognito().send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'omar' }, Session }));
      expect(decodeJwt(done.AuthenticationResult!.AccessToken!).username).toBe('omar');
    });

    it('refuses the Session for another client, another user, after it expired, and SignUp’s own', async () => {
      const { poolId, clientId, otherClientId } = await setup();
      const pia = await signUp(clientId, poolId, 'pia');
      const quinn = await signUp(clientId, poolId, 'quinn');
      // SignUp's Session only leads to ConfirmSignUp, and only for its own user.
      await expect(userAuth(clientId, 'pia', pia.session)).rejects.toMatchObject(EXPIRED);
      await expect(confirm(clientId, 'quinn', quinn.code, pia.session)).rejects.toMatchObject(EXPIRED);
      expect((await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'quinn' }))).UserStatus).toBe('UNCONFIRMED');

      const { Session } = await confirm(clientId, 'pia', pia.code, pia.session);
      await expect(userAuth(otherClientId, 'pia', Session)).rejects.toMatchObject(EXPIRED);
      await expect(userAuth(clientId, 'quinn', Session)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(userAuth(clientId, 'pia', 'x'.repeat(40))).rejects.toMatchObject(EXPIRED);
      // The client's AuthSessionValidity, 3 minutes by default.
      clock.advance(3 * 60_000 + 1000);
      await expect(userAuth(clientId, 'pia', Session)).rejects.toMatchObject(EXPIRED);
    });

    it('still asks for MFA where the pool requires it', async () => {
      const { poolId, clientId } = await setup({ mfa: true });
      const { session, code } = await signUp(clientId, poolId, 'rosa');
      const { Session } = await confirm(clientId, 'rosa', code, session);
      const step = await userAuth(clientId, 'rosa', Session);
      expect(step.ChallengeName).toBe('EMAIL_OTP');
      expect(step.AuthenticationResult).toBeUndefined();
    });
  },
  { clock },
);
