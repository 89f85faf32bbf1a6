import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import type { ClientSettings } from '../../src/client/index.js';
import { runGrant, totpCode } from '../../src/client/index.js';
import { verifier } from '../../src/verify/index.js';
import type { TestServer } from '../helpers/server.js';
import { forEachEngine } from '../helpers/server.js';
import { DEMO, seeded } from './helpers.js';

const CLIENT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** A pool with TOTP MFA (OPTIONAL or ON), a code/implicit client with the loopback callback. */
async function mfaPool(server: TestServer, mfa: 'OPTIONAL' | 'ON', sms = false) {
  const cognito = server.cognito;
  const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: `mfa-${mfa.toLowerCase()}` }))).UserPool!;
  await cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool.Id!,
      MfaConfiguration: mfa,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      ...(sms ? { SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognate-sms', ExternalId: 'tests' } } } : {}),
    }),
  );
  const client = (
    await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool.Id!,
        ClientName: 'ci',
        SupportedIdentityProviders: ['COGNITO'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: [DEMO.loopback],
        ExplicitAuthFlows: CLIENT_FLOWS as never,
      }),
    )
  ).UserPoolClient!;
  return { poolId: pool.Id!, clientId: client.ClientId! };
}

async function createUser(server: TestServer, poolId: string, username: string, password: string, permanent: boolean, phone?: string) {
  await server.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        ...(phone ? [{ Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' }] : []),
      ],
    }),
  );
  await server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: permanent }));
}

/** Gives a user a verified authenticator, as an app's MFA set-up screen would; returns its secret. */
async function enrolTotp(server: TestServer, poolId: string, clientId: string, username: string, password: string, preferred = true): Promise<string> {
  const auth = await server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  const accessToken = auth.AuthenticationResult!.AccessToken!;
  const { SecretCode } = await server.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  // The previous period's code: each code is good once, and the sign-in under test needs the current one.
  await server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode!, Date.now() - 30_000) }));
  await server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: username, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred } }));
  return SecretCode!;
}

forEachEngine(
  'unattended sign-in through the hosted UI’s forms (authorization code + PKCE, no browser)',
  (server) => {
    let issuer: string;
    let optional: { poolId: string; clientId: string };
    let required: { poolId: string; clientId: string };
    let choice: { poolId: string; clientId: string };
    let choiceSecret: string;
    let totpSecret: string;
    let apiTotpSecret: string;
    const demo = (): ClientSettings => ({ grant: 'authorization_code', issuer, clientId: DEMO.publicClientId, redirectUri: DEMO.loopback, scope: 'openid email' });
    const at = (pool: { poolId: string; clientId: string }): ClientSettings => ({
      grant: 'authorization_code',
      issuer: `${server().services.settings.publicUrl}/${pool.poolId}`,
      clientId: pool.clientId,
      redirectUri: DEMO.loopback,
      scope: 'openid',
    });
    const statuses: string[] = [];
    const onStatus = (m: string) => void statuses.push(m);

    beforeAll(async () => {
      issuer = `${server().services.settings.publicUrl}/${DEMO.poolId}`;
      await server().cognito.send(
        new AdminCreateUserCommand({ UserPoolId: DEMO.poolId, Username: 'newbie', TemporaryPassword: 'Temp-Passw0rd1', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'newbie@example.com' }] }),
      );
      await server().cognito.send(
        new AdminCreateUserCommand({ UserPoolId: DEMO.poolId, Username: 'newbie-api', TemporaryPassword: 'Temp-Passw0rd1', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'newbie-api@example.com' }] }),
      );
      optional = await mfaPool(server(), 'OPTIONAL');
      await createUser(server(), optional.poolId, 'totp-user', 'Totp-Passw0rd1', true);
      totpSecret = await enrolTotp(server(), optional.poolId, optional.clientId, 'totp-user', 'Totp-Passw0rd1');
      await createUser(server(), optional.poolId, 'totp-api', 'Totp-Passw0rd1', true);
      apiTotpSecret = await enrolTotp(server(), optional.poolId, optional.clientId, 'totp-api', 'Totp-Passw0rd1');
      choice = await mfaPool(server(), 'OPTIONAL', true);
      await createUser(server(), choice.poolId, 'two-factors', 'Both-Passw0rd1', true, '+15555550100');
      choiceSecret = await enrolTotp(server(), choice.poolId, choice.clientId, 'two-factors', 'Both-Passw0rd1', false);
      await server().cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: choice.poolId, Username: 'two-factors', SMSMfaSettings: { Enabled: true, PreferredMfa: false } }));
      required = await mfaPool(server(), 'ON');
      await createUser(server(), required.poolId, 'first-timer', 'First-Passw0rd1', true);
    });

    it('signs in on the sign-in form and captures the code at the redirect URI without following it', async () => {
      const { response } = await runGrant({ ...demo(), username: 'demo', password: 'Passw0rd!' }, { onStatus });
      const access = await verifier({ issuer, clientId: DEMO.publicClientId }).verify(response.access_token);
      expect(access.claims).toMatchObject({ username: 'demo', scope: 'openid email', version: 2 });
      expect(response.id_token).toBeTruthy();
      expect(response.refresh_token).toBeTruthy();
      expect(statuses).toContain('Signing in as demo');
    });

    it('reports the sign-in page’s error for a wrong password', async () => {
      await expect(runGrant({ ...demo(), username: 'demo', password: 'Not-the-passw0rd' })).rejects.toMatchObject({
        kind: 'sign-in',
        message: 'Incorrect username or password.',
      });
    });

    it('says which callback to use when the redirect URI is not registered', async () => {
      await expect(runGrant({ ...demo(), redirectUri: 'http://127.0.0.1/elsewhere', username: 'demo', password: 'Passw0rd!' })).rejects.toMatchObject({
        kind: 'sign-in',
        message: expect.stringContaining('redirect_mismatch'),
      });
    });

    it('answers the new-password step for a user with a temporary password', async () => {
      await expect(runGrant({ ...demo(), username: 'newbie', password: 'Temp-Passw0rd1' })).rejects.toMatchObject({ code: 'NEW_PASSWORD_REQUIRED' });
      const { response } = await runGrant({ ...demo(), username: 'newbie', password: 'Temp-Passw0rd1', newPassword: 'Chosen-Passw0rd2' });
      expect((await verifier({ issuer }).verify(response.access_token)).subject).toBe('newbie');
      const again = await runGrant({ ...demo(), username: 'newbie', password: 'Chosen-Passw0rd2' });
      expect(again.response.access_token).toBeTruthy();
    });

    it('answers the TOTP step with the code of --totp-secret', async () => {
      await expect(runGrant({ ...at(optional), username: 'totp-user', password: 'Totp-Passw0rd1' })).rejects.toMatchObject({ code: 'MFA' });
      const { response } = await runGrant({ ...at(optional), username: 'totp-user', password: 'Totp-Passw0rd1', totpSecret });
      expect((await verifier({ issuer: at(optional).issuer! }).verify(response.access_token)).subject).toBe('totp-user');
    });

    it('chooses the authenticator app when the user has two MFA factors and --totp-secret is given', async () => {
      const seen: string[] = [];
      const { response } = await runGrant({ ...at(choice), username: 'two-factors', password: 'Both-Passw0rd1', totpSecret: choiceSecret }, { onStatus: (m) => void seen.push(m) });
      expect((await verifier({ issuer: at(choice).issuer! }).verify(response.access_token)).subject).toBe('two-factors');
      expect(seen).toEqual(['Signing in as two-factors', 'Choosing the authenticator app for MFA', 'Answering the MFA step with a TOTP code']);
    });

    it('sets up an authenticator when the pool requires MFA, and reports the new secret', async () => {
      const seen: string[] = [];
      const { response } = await runGrant({ ...at(required), username: 'first-timer', password: 'First-Passw0rd1' }, { onStatus: (m) => void seen.push(m) });
      expect((await verifier({ issuer: at(required).issuer! }).verify(response.access_token)).subject).toBe('first-timer');
      expect(seen.some((m) => /Setting up TOTP MFA; the new secret is [A-Z2-7]+/.test(m))).toBe(true);
    });

    it('answers NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA in Cognito’s own API flows too', async () => {
      const { response } = await runGrant({
        grant: 'password',
        issuer,
        clientId: DEMO.publicClientId,
        username: 'newbie-api',
        password: 'Temp-Passw0rd1',
        newPassword: 'Chosen-Passw0rd3',
        passwordFlow: 'USER_SRP_AUTH',
      });
      expect((await verifier({ issuer }).verify(response.access_token)).subject).toBe('newbie-api');
      const mfa = await runGrant({ ...at(optional), grant: 'password', username: 'totp-api', password: 'Totp-Passw0rd1', totpSecret: apiTotpSecret, passwordFlow: 'USER_SRP_AUTH' });
      expect((await verifier({ issuer: at(optional).issuer! }).verify(mfa.response.access_token)).subject).toBe('totp-api');
    });
  },
  seeded,
);
