import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { autoSignIn, confirmSignIn, confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sharedInMemoryStorage } from 'aws-amplify/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCognate } from '../../src/index.js';
import { startCognate } from '../../src/index.js';

/**
 * Amplify JS v6's choice-based sign-in (`authFlowType: 'USER_AUTH'`), unchanged, in Node against
 * Cognate: the e-mail code from the outbox, the password through SELECT_CHALLENGE.
 */

const PASSWORD = 'Amplify-Passw0rd';
const claimsOf = (jwt: { toString(): string } | undefined) => JSON.parse(Buffer.from(String(jwt).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('Amplify JS v6 USER_AUTH against Cognate', () => {
  let cognate: RunningCognate;
  let poolId: string;
  beforeAll(async () => {
    cognate = await startCognate({
      logLevel: 'error',
      seed: {
        UserPools: [
          {
            PoolName: 'amplify-passwordless',
            Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
            Clients: [{ ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          },
        ],
      },
    });
    poolId = cognate.pools[0]!.id;
    const sdk = new CognitoIdentityProviderClient({ endpoint: cognate.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'olga',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'olga@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password: PASSWORD, Permanent: true }));
    sdk.destroy();
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: cognate.pools[0]!.clients[0]!.clientId, userPoolEndpoint: cognate.endpoint } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
  });
  afterAll(async () => cognate?.stop());

  it('signs in with preferredChallenge EMAIL_OTP and the code from the outbox', async () => {
    const started = await signIn({ username: 'olga', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    expect(started.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const message = (await cognate.outbox(poolId, 'olga')).at(-1)!;
    expect(message.code).toMatch(/^\d{8}$/);
    const done = await confirmSignIn({ challengeResponse: message.code! });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const { tokens } = await fetchAuthSession();
    expect(claimsOf(tokens?.idToken)['cognito:username']).toBe('olga');
    await signOut();
  });

  it('offers the first factors, then signs in with the password chosen among them', async () => {
    const started = await signIn({ username: 'olga', options: { authFlowType: 'USER_AUTH' } });
    expect(started.nextStep).toMatchObject({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    const password = await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
    expect(password.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
    const done = await confirmSignIn({ challengeResponse: PASSWORD });
    expect(done).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
  });

  it('signs a passwordless user up, confirms, and signs in with autoSignIn through ConfirmSignUp’s Session', async () => {
    const sdk = new CognitoIdentityProviderClient({ endpoint: cognate.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const signUpPool = (
      await sdk.send(new CreateUserPoolCommand({ PoolName: 'amplify-signup', AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }))
    ).UserPool!.Id!;
    const clientId = (
      await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: signUpPool, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    sdk.destroy();
    Amplify.configure({ Auth: { Cognito: { userPoolId: signUpPool, userPoolClientId: clientId, userPoolEndpoint: cognate.endpoint } } });

    // No password: only the Session ConfirmSignUp answers with can sign this user in.
    const started = await signUp({ username: 'pavel', options: { userAttributes: { email: 'pavel@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
    expect(started.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const code = (await cognate.outbox(signUpPool, 'pavel')).at(-1)!.code!;
    const confirmed = await confirmSignUp({ username: 'pavel', confirmationCode: code });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    const signedIn = await autoSignIn();
    expect(signedIn).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const { tokens } = await fetchAuthSession();
    expect(claimsOf(tokens?.idToken)).toMatchObject({ 'cognito:username': 'pavel', email_verified: true });
    await signOut();
  });
});
