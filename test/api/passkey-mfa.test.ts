import {
  AdminListUserAuthEventsCommand,
  AdminSetUserMFAPreferenceCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserAuthFactorsCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { WebAuthnConfigurationType } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';

/**
 * Passkeys as MFA: the pool's WebAuthnConfiguration.FactorConfiguration and the user's
 * WebAuthnMfaSettings decide whether a user-verified passkey sign-in satisfies a pool that requires MFA.
 */

const PASSWORD = 'Passkey-Passw0rd!';
const ORIGIN = 'http://localhost:5173';
const SMS = { SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms' } };
const MULTI: WebAuthnConfigurationType = { RelyingPartyId: 'localhost', UserVerification: 'required', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' };
const SINGLE: WebAuthnConfigurationType = { RelyingPartyId: 'localhost', UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' };

forEachEngine('passkeys as MFA', (server) => {
  const cognito = () => server().cognito;

  /** A pool with MFA OPTIONAL while alice signs in with her password and registers a passkey. */
  async function setup(webAuthn: WebAuthnConfigurationType) {
    const poolId = (
      await cognito().send(new CreateUserPoolCommand({ PoolName: 'passkey-mfa', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }))
    ).UserPool!.Id!;
    const mfaConfig = (MfaConfiguration: 'ON' | 'OPTIONAL') =>
      cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration, SmsMfaConfiguration: SMS, WebAuthnConfiguration: webAuthn }));
    await mfaConfig('OPTIONAL');
    const clientId = (
      await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(cognito(), poolId, 'alice', PASSWORD, [
      { Name: 'phone_number', Value: '+15555550100' },
      { Name: 'phone_number_verified', Value: 'true' },
    ]);
    const authenticator = new SoftAuthenticator(ORIGIN);
    const accessToken = (await userAuth(clientId, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).AuthenticationResult!.AccessToken!;
    const { CredentialCreationOptions: options } = await cognito().send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    await cognito().send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: authenticator.create(options as never) as never }));
    return { poolId, clientId, authenticator, accessToken, requireMfa: () => mfaConfig('ON') };
  }

  const userAuth = (clientId: string, parameters: Record<string, string>) =>
    cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', ...parameters } }));

  const setPreference = (UserPoolId: string, settings: { sms?: boolean; passkey?: boolean }) =>
    cognito().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId,
        Username: 'alice',
        ...(settings.sms !== undefined ? { SMSMfaSettings: { Enabled: settings.sms } } : {}),
        ...(settings.passkey !== undefined ? { WebAuthnMfaSettings: { Enabled: settings.passkey } } : {}),
      }),
    );

  async function passkeySignIn(clientId: string, authenticator: SoftAuthenticator) {
    const started = await userAuth(clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    expect(started.ChallengeName).toBe('WEB_AUTHN');
    const request = JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { challenge: string; rpId: string; userVerification?: string };
    return {
      request,
      answer: () =>
        cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'WEB_AUTHN',
            Session: started.Session,
            ChallengeResponses: { USERNAME: 'alice', CREDENTIAL: JSON.stringify(authenticator.get(request)) },
          }),
        ),
    };
  }

  it('refuses MULTI_FACTOR_WITH_USER_VERIFICATION without required user verification, and keeps it otherwise', async () => {
    const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'uv' }))).UserPool!.Id!;
    await expect(
      cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { ...MULTI, UserVerification: 'preferred' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: MULTI }));
    expect((await cognito().send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).WebAuthnConfiguration).toEqual(MULTI);
  });

  it('with MULTI_FACTOR_WITH_USER_VERIFICATION, a user-verified passkey satisfies required MFA; a password still gets the SMS code', async () => {
    const { poolId, clientId, authenticator, requireMfa } = await setup(MULTI);
    // Passkey MFA needs another factor on, so a lost passkey does not lock the user out.
    await expect(setPreference(poolId, { passkey: true })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await setPreference(poolId, { sms: true, passkey: true });
    await requireMfa();

    const { request, answer } = await passkeySignIn(clientId, authenticator);
    expect(request.userVerification).toBe('required');
    const done = await answer();
    expect(done.ChallengeName).toBeUndefined();
    expect(decodeJwt(done.AuthenticationResult!.AccessToken!).username).toBe('alice');

    const withPassword = await userAuth(clientId, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    expect(withPassword.ChallengeName).toBe('SMS_MFA');

    // An authenticator that did not verify the user proves one factor only.
    authenticator.userVerified = false;
    const unverified = await passkeySignIn(clientId, authenticator);
    await expect(unverified.answer()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const [failed] = (await cognito().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'alice', MaxResults: 1 }))).AuthEvents!;
    expect(failed).toMatchObject({ EventType: 'SignIn', EventResponse: 'Fail' });
  });

  it('with MFA required, does not offer a passkey that cannot stand for MFA (SINGLE_FACTOR, or the user’s passkey MFA off)', async () => {
    const single = await setup(SINGLE);
    await expect(setPreference(single.poolId, { sms: true, passkey: true })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await setPreference(single.poolId, { sms: true });
    // MFA optional: the passkey is a first factor of its own, as before.
    expect((await userAuth(single.clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' })).ChallengeName).toBe('WEB_AUTHN');
    await single.requireMfa();
    const menu = await userAuth(single.clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    expect(menu).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'] });
    expect((await cognito().send(new GetUserAuthFactorsCommand({ AccessToken: single.accessToken }))).ConfiguredUserAuthFactors).toEqual(['PASSWORD']);

    const multi = await setup(MULTI);
    await setPreference(multi.poolId, { sms: true });
    await multi.requireMfa();
    expect((await userAuth(multi.clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' })).ChallengeName).toBe('SELECT_CHALLENGE');
    await setPreference(multi.poolId, { passkey: true });
    expect((await userAuth(multi.clientId, { PREFERRED_CHALLENGE: 'WEB_AUTHN' })).ChallengeName).toBe('WEB_AUTHN');
  });
});
