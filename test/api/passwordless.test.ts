import {
  AdminGetUserAuthFactorsCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteWebAuthnCredentialCommand,
  DescribeUserPoolCommand,
  GetUserAuthFactorsCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthFactorType } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { srpClient } from '../helpers/srp-client.js';

const PASSWORD = 'Passw0rd!';
const ALL_FACTORS: AuthFactorType[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const ORIGIN = 'http://localhost:5173';

forEachEngine('choice-based sign-in (USER_AUTH) and passkeys', (server) => {
  const cognito = () => server().cognito;

  async function setup(options: { factors?: AuthFactorType[]; flows?: string[]; preventUserExistenceErrors?: boolean } = {}) {
    const poolId = (
      await cognito().send(
        new CreateUserPoolCommand({ PoolName: 'passwordless', Policies: { SignInPolicy: { AllowedFirstAuthFactors: options.factors ?? ALL_FACTORS } } }),
      )
    ).UserPool!.Id!;
    await cognito().send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } }),
    );
    const clientId = (
      await cognito().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: (options.flows ?? ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']) as never,
          ...(options.preventUserExistenceErrors ? { PreventUserExistenceErrors: 'ENABLED' } : {}),
        }),
      )
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(cognito(), poolId, 'alice', PASSWORD, [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: '+15555550100' },
      { Name: 'phone_number_verified', Value: 'true' },
    ]);
    return { poolId, clientId };
  }

  const lastCode = async (poolId: string, channel: 'EMAIL' | 'SMS') =>
    (await listOutbox(server().services, { poolId })).filter((m) => m.kind === 'mfa' && m.channel === channel).at(-1)!.code!;

  const userAuth = (clientId: string, parameters: Record<string, string>) =>
    cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', ...parameters } }));

  const respond = (clientId: string, ChallengeName: string, Session: string | undefined, responses: Record<string, string>) =>
    cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: ChallengeName as never, Session, ChallengeResponses: { USERNAME: 'alice', ...responses } }));

  async function signInWithPassword(clientId: string): Promise<string> {
    const done = await userAuth(clientId, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    return done.AuthenticationResult!.AccessToken!;
  }

  describe('pool configuration', () => {
    it('keeps SignInPolicy and WebAuthnConfiguration', async () => {
      const { poolId } = await setup();
      const pool = (await cognito().send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
      expect(pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(ALL_FACTORS);
      const mfa = await cognito().send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
      expect(mfa.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'localhost', UserVerification: 'preferred' });
    });
  });

  describe('USER_AUTH', () => {
    it('signs in with an 8-digit e-mail code when EMAIL_OTP is preferred, and refuses a wrong code', async () => {
      const { poolId, clientId } = await setup();
      const started = await userAuth(clientId, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
      expect(started.ChallengeName).toBe('EMAIL_OTP');
      expect(started.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' });
      const code = await lastCode(poolId, 'EMAIL');
      expect(code).toMatch(/^\d{8}$/);
      const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
      await expect(respond(clientId, 'EMAIL_OTP', started.Session, { EMAIL_OTP_CODE: wrong })).rejects.toMatchObject({ name: 'CodeMismatchException' });
      const done = await respond(clientId, 'EMAIL_OTP', started.Session, { EMAIL_OTP_CODE: code });
      expect(decodeJwt(done.AuthenticationResult!.IdToken!)['cognito:username']).toBe('alice');
      // The code is used up.
      await expect(respond(clientId, 'EMAIL_OTP', started.Session, { EMAIL_OTP_CODE: code })).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    });

    it('offers SELECT_CHALLENGE with the factors the user has, then signs in with the chosen SMS code', async () => {
      const { poolId, clientId } = await setup();
      const started = await userAuth(clientId, {});
      expect(started.ChallengeName).toBe('SELECT_CHALLENGE');
      // No passkey yet: WEB_AUTHN is not offered.
      expect(started.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
      const sms = await respond(clientId, 'SELECT_CHALLENGE', started.Session, { ANSWER: 'SMS_OTP' });
      expect(sms.ChallengeName).toBe('SMS_OTP');
      expect(sms.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM).toBe('SMS');
      const done = await respond(clientId, 'SMS_OTP', sms.Session, { SMS_OTP_CODE: await lastCode(poolId, 'SMS') });
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it('answers SELECT_CHALLENGE with PASSWORD, and refuses a factor that is not offered', async () => {
      const { clientId } = await setup({ factors: ['PASSWORD', 'EMAIL_OTP'] });
      const started = await userAuth(clientId, {});
      expect(started.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
      await expect(respond(clientId, 'SELECT_CHALLENGE', started.Session, { ANSWER: 'SMS_OTP' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(respond(clientId, 'SELECT_CHALLENGE', started.Session, { ANSWER: 'PASSWORD', PASSWORD: 'wrong' })).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      const done = await respond(clientId, 'SELECT_CHALLENGE', started.Session, { ANSWER: 'PASSWORD', PASSWORD });
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it('answers SELECT_CHALLENGE with PASSWORD_SRP through PASSWORD_VERIFIER', async () => {
      const { poolId, clientId } = await setup();
      const started = await userAuth(clientId, {});
      const srp = srpClient(poolId);
      const verifier = await respond(clientId, 'SELECT_CHALLENGE', started.Session, { ANSWER: 'PASSWORD_SRP', SRP_A: srp.SRP_A });
      expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
      const done = await cognito().send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(verifier.ChallengeParameters, PASSWORD) }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it('works through AdminInitiateAuth with PREFERRED_CHALLENGE PASSWORD_SRP', async () => {
      const { poolId, clientId } = await setup();
      const srp = srpClient(poolId);
      const started = await cognito().send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.SRP_A } }),
      );
      expect(started.ChallengeName).toBe('PASSWORD_VERIFIER');
      const done = await cognito().send(
        new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD) }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it('needs ALLOW_USER_AUTH on the client', async () => {
      const { clientId } = await setup({ flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await expect(userAuth(clientId, {})).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
    });

    it('does not offer a factor the pool does not allow, even when preferred', async () => {
      const { clientId } = await setup({ factors: ['PASSWORD'] });
      const started = await userAuth(clientId, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
      expect(started.ChallengeName).toBe('SELECT_CHALLENGE');
      expect(started.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    });

    it('counts wrong one-time codes toward the lockout', async () => {
      const { poolId, clientId } = await setup();
      for (let i = 0; i < 5; i++) {
        const started = await userAuth(clientId, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
        const code = await lastCode(poolId, 'EMAIL');
        const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
        await expect(respond(clientId, 'EMAIL_OTP', started.Session, { EMAIL_OTP_CODE: wrong })).rejects.toMatchObject({ name: 'CodeMismatchException' });
      }
      await expect(userAuth(clientId, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    });

    it('hides unknown names behind a menu whose answers fail like a wrong password', async () => {
      const { clientId } = await setup({ preventUserExistenceErrors: true });
      const started = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'nobody' } }));
      expect(started.ChallengeName).toBe('SELECT_CHALLENGE');
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: started.Session, ChallengeResponses: { USERNAME: 'nobody', ANSWER: 'PASSWORD', PASSWORD } }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });
  });

  describe('passkeys', () => {
    async function register(clientId: string, authenticator: SoftAuthenticator): Promise<string> {
      const accessToken = await signInWithPassword(clientId);
      const { CredentialCreationOptions: options } = await cognito().send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
      const creation = options as { challenge: string; rp: { id: string; name: string }; user: { id: string; name: string } };
      expect(creation.rp.id).toBe('localhost');
      await cognito().send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: authenticator.create(creation) as never }));
      return accessToken;
    }

    it('registers a passkey, lists it, signs in with WEB_AUTHN, and deletes it', async () => {
      const { poolId, clientId } = await setup();
      const authenticator = new SoftAuthenticator(ORIGIN);
      const accessToken = await register(clientId, authenticator);

      const listed = await cognito().send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
      expect(listed.Credentials).toHaveLength(1);
      expect(listed.Credentials![0]).toMatchObject({ CredentialId: authenticator.id, RelyingPartyId: 'localhost', AuthenticatorAttachment: 'platform', AuthenticatorTransports: ['internal'] });
      expect(listed.Credentials![0]!.CreatedAt).toBeInstanceOf(Date);

      const factors = await cognito().send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
      expect(factors).toMatchObject({ Username: 'alice', ConfiguredUserAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] });

      const started = await userAuth(clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      expect(started.ChallengeName).toBe('WEB_AUTHN');
      const request = JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { challenge: string; rpId: string; allowCredentials: { id: string }[] };
      expect(request.rpId).toBe('localhost');
      expect(request.allowCredentials.map((c) => c.id)).toEqual([authenticator.id]);
      const assertion = JSON.stringify(authenticator.get(request));
      const done = await respond(clientId, 'WEB_AUTHN', started.Session, { CREDENTIAL: assertion });
      expect(decodeJwt(done.AuthenticationResult!.AccessToken!).username).toBe('alice');
      // The same assertion and Session do not sign in twice.
      await expect(respond(clientId, 'WEB_AUTHN', started.Session, { CREDENTIAL: assertion })).rejects.toMatchObject({ name: 'NotAuthorizedException' });

      await cognito().send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: authenticator.id }));
      expect((await cognito().send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }))).Credentials).toEqual([]);
      await expect(cognito().send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: authenticator.id }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      const admin = await cognito().send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: 'alice' }));
      expect(admin.ConfiguredUserAuthFactors).toEqual(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
    });

    it('refuses an assertion from another key, and one signed for another origin', async () => {
      const { clientId } = await setup();
      const authenticator = new SoftAuthenticator(ORIGIN);
      await register(clientId, authenticator);
      const started = await userAuth(clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      const request = JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { challenge: string; rpId: string };
      const impostor = new SoftAuthenticator(ORIGIN);
      const forged = { ...impostor.get(request), id: authenticator.id, rawId: authenticator.id };
      await expect(respond(clientId, 'WEB_AUTHN', started.Session, { CREDENTIAL: JSON.stringify(forged) })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const elsewhere = new SoftAuthenticator('https://evil.example');
      await expect(respond(clientId, 'WEB_AUTHN', started.Session, { CREDENTIAL: JSON.stringify(elsewhere.get(request)) })).rejects.toMatchObject({
        name: 'WebAuthnOriginNotAllowedException',
      });
      await expect(respond(clientId, 'WEB_AUTHN', started.Session, { CREDENTIAL: 'not json' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('refuses a registration answer without a pending challenge, or from another origin', async () => {
      const { clientId } = await setup();
      const accessToken = await signInWithPassword(clientId);
      const stray = new SoftAuthenticator(ORIGIN).create({ challenge: 'AAAA', rp: { id: 'localhost' }, user: { id: 'x' } });
      await expect(cognito().send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: stray as never }))).rejects.toMatchObject({
        name: 'WebAuthnChallengeNotFoundException',
      });
      const { CredentialCreationOptions: options } = await cognito().send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
      const foreign = new SoftAuthenticator('https://evil.example').create(options as never);
      await expect(cognito().send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: foreign as never }))).rejects.toMatchObject({
        name: 'WebAuthnOriginNotAllowedException',
      });
    });

    it('falls back to the pool’s prefix domain as relying party id when none is configured', async () => {
      const { poolId, clientId } = await setup();
      await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { UserVerification: 'preferred' } }));
      const accessToken = await signInWithPassword(clientId);
      await expect(cognito().send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ name: 'WebAuthnConfigurationMissingException' });
      const prefix = `rp-${poolId.split('_')[1]!.toLowerCase()}`;
      await cognito().send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
      const { CredentialCreationOptions: options } = await cognito().send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
      expect((options as { rp: { id: string } }).rp.id).toBe(`${prefix}.auth.us-east-1.amazoncognito.com`);
    });

    it('refuses registration in a pool without WEB_AUTHN', async () => {
      const { clientId } = await setup({ factors: ['PASSWORD'] });
      const accessToken = await signInWithPassword(clientId);
      await expect(cognito().send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ name: 'WebAuthnNotEnabledException' });
    });
  });
});
