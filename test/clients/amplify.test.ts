import { CognitoIdentityProviderClient, GetUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, confirmSignUp, fetchAuthSession, getCurrentUser, setUpTOTP, signIn, signOut, signUp, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sharedInMemoryStorage } from 'aws-amplify/utils';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCognate } from '../../src/index.js';
import { startCognate } from '../../src/index.js';

/**
 * Amplify JS v6 (`aws-amplify/auth`), unchanged, with `userPoolEndpoint` pointed at Cognate, in Node:
 * its storage is the in-memory one and its crypto Node's own. The hosted UI's signInWithRedirect runs
 * in Chromium instead: test/clients/amplify-redirect.test.ts.
 */

const PASSWORD = 'Amplify-Passw0rd';
const totpAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });
const claimsOf = (jwt: { toString(): string } | undefined) => JSON.parse(Buffer.from(String(jwt).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('Amplify JS v6 against Cognate', () => {
  let cognate: RunningCognate;
  let poolId: string;
  beforeAll(async () => {
    cognate = await startCognate({
      logLevel: 'error',
      seed: {
        UserPools: [
          {
            PoolName: 'amplify',
            AutoVerifiedAttributes: ['email'],
            Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
            Clients: [{ ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          },
        ],
      },
    });
    poolId = cognate.pools[0]!.id;
    const sdk = new CognitoIdentityProviderClient({ endpoint: cognate.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: cognate.pools[0]!.clients[0]!.clientId, userPoolEndpoint: cognate.endpoint } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
  });
  afterAll(async () => cognate?.stop());

  it('signs up, confirms with the code from the outbox, and signs in with SRP', async () => {
    const up = await signUp({ username: 'amy', password: PASSWORD, options: { userAttributes: { email: 'amy@example.com' } } });
    expect(up.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const [message] = await cognate.outbox(poolId, 'amy');
    const confirmed = await confirmSignUp({ username: 'amy', confirmationCode: message!.code! });
    expect(confirmed.isSignUpComplete).toBe(true);

    const result = await signIn({ username: 'amy', password: PASSWORD });
    expect(result).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await getCurrentUser()).username).toBe('amy');
    const { tokens } = await fetchAuthSession();
    expect(claimsOf(tokens?.idToken)).toMatchObject({ iss: cognate.issuer(poolId), 'cognito:username': 'amy', email: 'amy@example.com' });
  });

  it('refreshes the session with the refresh token', async () => {
    const before = await fetchAuthSession();
    const after = await fetchAuthSession({ forceRefresh: true });
    expect(String(after.tokens?.accessToken)).not.toBe(String(before.tokens?.accessToken));
    expect(claimsOf(after.tokens?.accessToken)).toMatchObject({ username: 'amy', token_use: 'access' });
  });

  it('sets up TOTP MFA, then signs in answering the TOTP challenge', async () => {
    const setup = await setUpTOTP();
    const secret = setup.sharedSecret;
    expect(setup.getSetupUri('Cognate').href).toContain(`secret=${secret}`);
    const now = Date.now();
    // The set-up takes the previous time step's code, the sign-in the current one: each code is good once.
    await verifyTOTPSetup({ code: totpAt(secret, now - 30_000) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();
    await expect(getCurrentUser()).rejects.toThrow();

    const first = await signIn({ username: 'amy', password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const done = await confirmSignIn({ challengeResponse: totpAt(secret, now) });
    expect(done.isSignedIn).toBe(true);
    expect((await getCurrentUser()).username).toBe('amy');
  });

  it('signs out globally: no session is left, and the server no longer takes the old access token', async () => {
    const accessToken = String((await fetchAuthSession()).tokens?.accessToken);
    await signOut({ global: true });
    expect((await fetchAuthSession()).tokens).toBeUndefined();
    await expect(getCurrentUser()).rejects.toThrow();
    const sdk = new CognitoIdentityProviderClient({ endpoint: cognate.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await expect(sdk.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
