import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { CognitoUserSession, IAuthenticationCallback } from 'amazon-cognito-identity-js';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { forEachEngine, json } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';

/** What authenticateUser ended with: a session, a challenge callback, or an error. */
type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'newPasswordRequired'; userAttributes: Record<string, string>; requiredAttributes: string[] }
  | { kind: 'totpRequired'; challengeName: string }
  | { kind: 'mfaSetup'; challengeName: string }
  | { kind: 'failure'; error: { code?: string; name?: string; message: string } };

function callbacks(resolve: (o: Outcome) => void): IAuthenticationCallback {
  return {
    onSuccess: (session) => resolve({ kind: 'success', session }),
    onFailure: (error) => resolve({ kind: 'failure', error }),
    newPasswordRequired: (userAttributes, requiredAttributes) => resolve({ kind: 'newPasswordRequired', userAttributes, requiredAttributes }),
    totpRequired: (challengeName) => resolve({ kind: 'totpRequired', challengeName }),
    mfaSetup: (challengeName) => resolve({ kind: 'mfaSetup', challengeName }),
  };
}

const authenticate = (user: CognitoUser, username: string, password: string) =>
  new Promise<Outcome>((resolve) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks(resolve)));

forEachEngine('amazon-cognito-identity-js and aws-jwt-verify against Cognate', (server) => {
  const cognito = () => server().cognito;

  const setup = async (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
    const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'js', ...pool }))).UserPool!.Id!;
    const clientId = (
      await cognito().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          ...client,
        }),
      )
    ).UserPoolClient!.ClientId!;
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server().url}/` });
    return { poolId, clientId, userPool };
  };
  const createUser = async (poolId: string, username: string, attributes: Record<string, string> = {}, permanent = true) => {
    const created = await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    if (permanent) await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
    return created.User!;
  };
  const userOf = (userPool: CognitoUserPool, username: string) => new CognitoUser({ Username: username, Pool: userPool });
  const issuerOf = (poolId: string) => `${server().services.settings.publicUrl}/${poolId}`;

  it('signs in with SRP, the default flow', async () => {
    const { poolId, userPool } = await setup();
    await createUser(poolId, 'alice', { email: 'alice@example.com' });
    const outcome = await authenticate(userOf(userPool, 'alice'), 'alice', PASSWORD);
    expect(outcome.kind).toBe('success');
    if (outcome.kind !== 'success') return;
    expect(outcome.session.isValid()).toBe(true);
    expect(outcome.session.getIdToken().payload).toMatchObject({ 'cognito:username': 'alice', email: 'alice@example.com', token_use: 'id' });
    expect(outcome.session.getRefreshToken().getToken()).not.toBe('');
  });

  it('signs in with SRP by e-mail in an e-mail-as-username pool', async () => {
    const { poolId, userPool } = await setup({ UsernameAttributes: ['email'] });
    const user = await createUser(poolId, 'bob@example.com');
    const cognitoUser = userOf(userPool, 'bob@example.com');
    const outcome = await authenticate(cognitoUser, 'bob@example.com', PASSWORD);
    expect(outcome.kind).toBe('success');
    // The library switches to USER_ID_FOR_SRP, the internal UUID.
    expect(cognitoUser.getUsername()).toBe(user.Username);
  });

  it('reports a wrong password as NotAuthorizedException', async () => {
    const { poolId, userPool } = await setup();
    await createUser(poolId, 'alice');
    const outcome = await authenticate(userOf(userPool, 'alice'), 'alice', 'Wrong0rd!');
    expect(outcome).toMatchObject({ kind: 'failure', error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
  });

  it('reports an unknown user as UserNotFoundException', async () => {
    const { userPool } = await setup();
    const outcome = await authenticate(userOf(userPool, 'nobody'), 'nobody', PASSWORD);
    expect(outcome).toMatchObject({ kind: 'failure', error: { code: 'UserNotFoundException', message: 'User does not exist.' } });
  });

  it('signs in with USER_PASSWORD_AUTH', async () => {
    const { poolId, userPool } = await setup();
    await createUser(poolId, 'carol');
    const user = userOf(userPool, 'carol');
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const outcome = await authenticate(user, 'carol', PASSWORD);
    expect(outcome.kind).toBe('success');
  });

  it('completes NEW_PASSWORD_REQUIRED through newPasswordRequired and completeNewPasswordChallenge', async () => {
    const { poolId, userPool } = await setup({ Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] });
    await createUser(poolId, 'dave', { name: 'Dave', email: 'dave@example.com', email_verified: 'true' }, false);
    const user = userOf(userPool, 'dave');
    const first = await authenticate(user, 'dave', PASSWORD);
    expect(first.kind).toBe('newPasswordRequired');
    if (first.kind !== 'newPasswordRequired') return;
    expect(first.requiredAttributes).toEqual([]);
    expect(first.userAttributes).toMatchObject({ name: 'Dave', email: 'dave@example.com', email_verified: 'true' });
    // The documented client code: drop the verified flag (not writable), send the rest back.
    delete first.userAttributes.email_verified;
    const done = await new Promise<Outcome>((resolve) =>
      user.completeNewPasswordChallenge('N3w-Passw0rd', { ...first.userAttributes, given_name: 'David' }, callbacks(resolve)),
    );
    expect(done.kind).toBe('success');
    if (done.kind !== 'success') return;
    expect(done.session.getIdToken().payload).toMatchObject({ given_name: 'David', name: 'Dave' });
    expect((await authenticate(userOf(userPool, 'dave'), 'dave', 'N3w-Passw0rd')).kind).toBe('success');
  });

  it('completes NEW_PASSWORD_REQUIRED after USER_PASSWORD_AUTH too, where the library keeps the typed name', async () => {
    const { poolId, userPool } = await setup({ AliasAttributes: ['email'] });
    await createUser(poolId, 'erin', { email: 'erin@example.com', email_verified: 'true' }, false);
    const user = userOf(userPool, 'erin@example.com');
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const first = await authenticate(user, 'erin@example.com', PASSWORD);
    expect(first.kind).toBe('newPasswordRequired');
    const done = await new Promise<Outcome>((resolve) => user.completeNewPasswordChallenge('N3w-Passw0rd', {}, callbacks(resolve)));
    expect(done.kind).toBe('success');
  });

  it('refreshes the session with refreshSession, keeping auth_time', async () => {
    const { poolId, userPool } = await setup();
    await createUser(poolId, 'frank');
    const user = userOf(userPool, 'frank');
    const outcome = await authenticate(user, 'frank', PASSWORD);
    if (outcome.kind !== 'success') throw new Error(`sign-in failed: ${outcome.kind}`);
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(outcome.session.getRefreshToken(), (error: Error | null, session: CognitoUserSession) =>
        error ? reject(error) : resolve(session),
      ),
    );
    expect(refreshed.isValid()).toBe(true);
    expect(refreshed.getIdToken().payload.auth_time).toBe(outcome.session.getIdToken().payload.auth_time);
    expect(refreshed.getAccessToken().getJwtToken()).not.toBe(outcome.session.getAccessToken().getJwtToken());
    expect(refreshed.getRefreshToken().getToken()).toBe(outcome.session.getRefreshToken().getToken());
  });

  describe('aws-jwt-verify', () => {
    it("JwtRsaVerifier accepts the ID and access tokens against the pool's issuer and JWKS", async () => {
      const { poolId, clientId, userPool } = await setup();
      await createUser(poolId, 'gina');
      const outcome = await authenticate(userOf(userPool, 'gina'), 'gina', PASSWORD);
      if (outcome.kind !== 'success') throw new Error(`sign-in failed: ${outcome.kind}`);
      const issuer = issuerOf(poolId);
      expect(issuer).toBe(`${server().url.replace('127.0.0.1', 'localhost')}/${poolId}`);
      const jwksUri = `${issuer}/.well-known/jwks.json`;
      // aws-jwt-verify fetches over https only; a local plain-http server needs a fetcher that allows it.
      const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });
      const idVerifier = JwtRsaVerifier.create(
        {
          issuer,
          jwksUri,
          audience: clientId,
          customJwtCheck: ({ payload }) => {
            if (payload.token_use !== 'id') throw new Error('not an ID token');
          },
        },
        { jwksCache },
      );
      // Access tokens carry no `aud`: the client is in `client_id`.
      const accessVerifier = JwtRsaVerifier.create(
        {
          issuer,
          jwksUri,
          audience: null,
          customJwtCheck: ({ payload }) => {
            if (payload.token_use !== 'access' || payload.client_id !== clientId) throw new Error('not an access token of this client');
          },
        },
        { jwksCache },
      );
      const id = await idVerifier.verify(outcome.session.getIdToken().getJwtToken());
      expect(id['cognito:username']).toBe('gina');
      const access = await accessVerifier.verify(outcome.session.getAccessToken().getJwtToken());
      expect(access.username).toBe('gina');
      await expect(idVerifier.verify(outcome.session.getAccessToken().getJwtToken())).rejects.toThrow();
      await expect(accessVerifier.verify(outcome.session.getIdToken().getJwtToken())).rejects.toThrow();
    });
  });
});

forEachEngine(
  "aws-jwt-verify's CognitoJwtVerifier with --issuer-style aws",
  (server) => {
    it('accepts the tokens by tokenUse and clientId once the JWKS is cached', async () => {
      const cognito = server().cognito;
      const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'aws-style' }))).UserPool!.Id!;
      const clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!;
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ivy', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ivy', Password: PASSWORD, Permanent: true }));
      const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server().url}/` });
      const outcome = await authenticate(new CognitoUser({ Username: 'ivy', Pool: userPool }), 'ivy', PASSWORD);
      if (outcome.kind !== 'success') throw new Error(`sign-in failed: ${outcome.kind}`);

      const jwks = await json(await fetch(`${server().url}/${poolId}/.well-known/jwks.json`));
      const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
      const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
      accessVerifier.cacheJwks(jwks);
      idVerifier.cacheJwks(jwks);
      expect((await accessVerifier.verify(outcome.session.getAccessToken().getJwtToken())).username).toBe('ivy');
      expect((await idVerifier.verify(outcome.session.getIdToken().getJwtToken()))['cognito:username']).toBe('ivy');
      await expect(accessVerifier.verify(outcome.session.getIdToken().getJwtToken())).rejects.toThrow();
    });
  },
  { issuerStyle: 'aws' },
);

const STEP_MS = 30_000;
// TOTP codes are good once per 30-second step: the test moves this clock to the next step instead of
// waiting. It starts at the real time, since the library signs SRP claims with the real clock.
const mfaClock = new ManualClock(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000);
const appCode = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: mfaClock.now() });

forEachEngine(
  'amazon-cognito-identity-js with TOTP MFA',
  (server) => {
    const setup = async (MfaConfiguration: 'ON' | 'OPTIONAL') => {
      const cognito = server().cognito;
      const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'totp' }))).UserPool!.Id!;
      await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration, SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!;
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'tess', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'tess', Password: PASSWORD, Permanent: true }));
      const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server().url}/` });
      return () => new CognitoUser({ Username: 'tess', Pool: userPool });
    };
    const associate = (user: CognitoUser) =>
      new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    const verify = (user: CognitoUser, code: string) =>
      new Promise<CognitoUserSession | string>((resolve, reject) =>
        user.verifySoftwareToken(code, 'phone', { onSuccess: (result: CognitoUserSession | string) => resolve(result), onFailure: reject }),
      );
    const sendCode = (user: CognitoUser, code: string) =>
      new Promise<Outcome>((resolve) =>
        user.sendMFACode(
          code,
          { onSuccess: (session) => resolve({ kind: 'success', session }), onFailure: (error) => resolve({ kind: 'failure', error }) },
          'SOFTWARE_TOKEN_MFA',
        ),
      );

    it('asks for the code through totpRequired and accepts it through sendMFACode', async () => {
      const newUser = await setup('OPTIONAL');
      const first = newUser();
      expect((await authenticate(first, 'tess', PASSWORD)).kind).toBe('success');
      const secret = await associate(first);
      await verify(first, appCode(secret));

      mfaClock.advance(STEP_MS);
      const user = newUser();
      const challenged = await authenticate(user, 'tess', PASSWORD);
      expect(challenged).toMatchObject({ kind: 'totpRequired', challengeName: 'SOFTWARE_TOKEN_MFA' });
      const wrong = String((Number(appCode(secret)) + 1) % 1_000_000).padStart(6, '0');
      expect(await sendCode(user, wrong)).toMatchObject({ kind: 'failure', error: { code: 'CodeMismatchException' } });
      const done = await sendCode(user, appCode(secret));
      expect(done.kind).toBe('success');
      if (done.kind === 'success') expect(done.session.getIdToken().payload['cognito:username']).toBe('tess');
    });

    it('sets up an authenticator during sign-in through mfaSetup (MFA_SETUP with the sign-in Session)', async () => {
      const newUser = await setup('ON');
      const user = newUser();
      expect(await authenticate(user, 'tess', PASSWORD)).toMatchObject({ kind: 'mfaSetup', challengeName: 'MFA_SETUP' });
      const secret = await associate(user);
      const session = await verify(user, appCode(secret));
      expect(typeof session === 'string' ? session : session.isValid()).toBe(true);

      mfaClock.advance(STEP_MS);
      const again = newUser();
      expect(await authenticate(again, 'tess', PASSWORD)).toMatchObject({ kind: 'totpRequired' });
      expect((await sendCode(again, appCode(secret))).kind).toBe('success');
    });
  },
  { clock: mfaClock },
);
