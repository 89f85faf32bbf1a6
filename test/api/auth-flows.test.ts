import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  AuthFlowType,
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommandInput,
  ExplicitAuthFlowsType,
  InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { formatSrpTimestamp } from '../../src/crypto/srp-server.js';
import * as usersRepo from '../../src/store/users.js';
import { forEachEngine, json } from '../helpers/server.js';
import { srpClient } from '../helpers/srp-client.js';

const PASSWORD = 'Passw0rd!';
const ALL_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const secretHash = (secret: string, username: string, clientId: string) =>
  createHmac('sha256', secret).update(username + clientId).digest('base64');

forEachEngine('sign-in flows', (server) => {
  const cognito = () => server().cognito;

  const createPool = async (input: Partial<CreateUserPoolCommandInput> = {}) =>
    (await cognito().send(new CreateUserPoolCommand({ PoolName: 'auth', ...input }))).UserPool!.Id!;
  const createClient = async (UserPoolId: string, input: Partial<CreateUserPoolClientCommandInput> = {}) =>
    (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'app', ExplicitAuthFlows: ALL_FLOWS, ...input })))
      .UserPoolClient!;
  const createUser = async (UserPoolId: string, Username: string, options: { permanent?: boolean; attributes?: Record<string, string> } = {}) => {
    const user = await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username,
        TemporaryPassword: PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(options.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    if (options.permanent !== false) {
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: PASSWORD, Permanent: true }));
    }
    return user.User!;
  };
  /** A pool, a client allowing every supported flow, and a confirmed user `alice`. */
  const setup = async (client: Partial<CreateUserPoolClientCommandInput> = {}, pool: Partial<CreateUserPoolCommandInput> = {}) => {
    const poolId = await createPool(pool);
    const c = await createClient(poolId, client);
    await createUser(poolId, 'alice', { attributes: { email: 'alice@example.com', email_verified: 'true' } });
    return { poolId, clientId: c.ClientId!, secret: c.ClientSecret };
  };
  const passwordAuth = (ClientId: string, USERNAME: string, PASSWORD_: string, extra: Record<string, string> = {}) =>
    cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME, PASSWORD: PASSWORD_, ...extra } }));
  const srpSignIn = async (poolId: string, ClientId: string, USERNAME: string, password: string, extra: Record<string, string> = {}) => {
    const srp = srpClient(poolId);
    const started = await cognito().send(
      new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId, AuthParameters: { USERNAME, SRP_A: srp.SRP_A, ...extra } }),
    );
    return { started, srp };
  };

  describe('USER_PASSWORD_AUTH', () => {
    it('returns Cognito-shaped tokens for the right password', async () => {
      const { clientId } = await setup();
      const out = await passwordAuth(clientId, 'alice', PASSWORD);
      expect(out.ChallengeName).toBeUndefined();
      expect(out.ChallengeParameters).toEqual({});
      const result = out.AuthenticationResult!;
      expect(result).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
      // A JWE's outline, as Cognito's: its header, then an encrypted key, IV, ciphertext and tag.
      const [header, ...parts] = result.RefreshToken!.split('.');
      expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
      expect(parts.map((p) => Buffer.from(p, 'base64url').length)).toEqual([192, 12, 96, 16]);
      const id = decodeJwt(result.IdToken!);
      const access = decodeJwt(result.AccessToken!);
      expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': 'alice', email: 'alice@example.com', email_verified: true });
      expect(access).toMatchObject({ token_use: 'access', client_id: clientId, username: 'alice', scope: 'aws.cognito.signin.user.admin' });
      expect(id.auth_time).toBe(access.auth_time);
      expect(Math.abs((id.auth_time as number) - Date.now() / 1000)).toBeLessThan(60);
    });

    it('refuses a wrong password with "Incorrect username or password."', async () => {
      const { clientId } = await setup();
      await expect(passwordAuth(clientId, 'alice', 'Wrong0rd!')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    });

    it('signs in by a verified e-mail alias and in a case-insensitive pool by any case', async () => {
      const { clientId } = await setup({}, { AliasAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } });
      expect((await passwordAuth(clientId, 'alice@example.com', PASSWORD)).AuthenticationResult).toBeDefined();
      expect((await passwordAuth(clientId, 'ALICE', PASSWORD)).AuthenticationResult).toBeDefined();
    });

    it('is refused when the client does not allow it, in Cognito words', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await createUser(poolId, 'alice');
      await expect(passwordAuth(client.ClientId!, 'alice', PASSWORD)).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'USER_PASSWORD_AUTH flow not enabled for this client',
      });
    });

    it('accepts the legacy USER_PASSWORD_AUTH name in ExplicitAuthFlows', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId, { ExplicitAuthFlows: ['USER_PASSWORD_AUTH'] });
      await createUser(poolId, 'alice');
      expect((await passwordAuth(client.ClientId!, 'alice', PASSWORD)).AuthenticationResult).toBeDefined();
    });

    it('asks for USERNAME and PASSWORD', async () => {
      const { clientId } = await setup();
      await expect(cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required parameter USERNAME',
      });
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter PASSWORD' });
    });
  });

  describe('ADMIN_USER_PASSWORD_AUTH', () => {
    it('signs in through AdminInitiateAuth, also under the legacy ADMIN_NO_SRP_AUTH names', async () => {
      const { poolId, clientId } = await setup();
      const out = await cognito().send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      );
      expect(out.AuthenticationResult?.AccessToken).toBeDefined();
      const legacy = await createClient(poolId, { ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] });
      const old = await cognito().send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: legacy.ClientId, AuthFlow: 'ADMIN_NO_SRP_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      );
      expect(old.AuthenticationResult?.IdToken).toBeDefined();
    });

    it('is refused when the client does not allow it', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId, { ExplicitAuthFlows: undefined });
      await createUser(poolId, 'alice');
      await expect(
        cognito().send(
          new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
    });

    it('belongs to AdminInitiateAuth only, as USER_PASSWORD_AUTH belongs to InitiateAuth', async () => {
      const { poolId, clientId } = await setup();
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' });
      await expect(
        cognito().send(
          new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' });
    });

    it('answers for a client of another pool as for an unknown client', async () => {
      const { clientId } = await setup();
      const otherPool = await createPool();
      await expect(
        cognito().send(
          new AdminInitiateAuthCommand({ UserPoolId: otherPool, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: `User pool client ${clientId} does not exist.` });
    });
  });

  describe('flows Cognate does not run', () => {
    it('refuses CUSTOM_AUTH as Cognito does for a pool without custom-auth triggers', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId, { ExplicitAuthFlows: undefined });
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: client.ClientId, AuthParameters: { USERNAME: 'x' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.' });
    });

    it('refuses USER_AUTH when the client does not enable it (test/api/passwordless.test.ts covers the flow)', async () => {
      const poolId = await createPool();
      const plain = await createClient(poolId);
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: plain.ClientId, AuthParameters: { USERNAME: 'x' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
      const choice = await createClient(poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: choice.ClientId, AuthParameters: { USERNAME: 'x' } })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('validates AuthFlow against the model', async () => {
      const { clientId } = await setup();
      await expect(cognito().send(new InitiateAuthCommand({ AuthFlow: 'MAGIC' as AuthFlowType, ClientId: clientId }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining("at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set"),
      });
    });
  });

  describe('USER_SRP_AUTH', () => {
    it('answers with PASSWORD_VERIFIER carrying SALT, SRP_B, SECRET_BLOCK and USER_ID_FOR_SRP, then issues tokens', async () => {
      const { poolId, clientId } = await setup();
      const { started, srp } = await srpSignIn(poolId, clientId, 'alice', PASSWORD);
      expect(started.ChallengeName).toBe('PASSWORD_VERIFIER');
      expect(started.Session).toBeUndefined();
      const p = started.ChallengeParameters!;
      expect(p.USER_ID_FOR_SRP).toBe('alice');
      expect(p.USERNAME).toBe('alice');
      expect(p.SALT).toMatch(/^[0-9a-f]+$/);
      expect(p.SRP_B).toMatch(/^[0-9a-f]+$/);
      expect(Buffer.from(p.SECRET_BLOCK!, 'base64').toString('base64')).toBe(p.SECRET_BLOCK);
      const done = await cognito().send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(p, PASSWORD) }),
      );
      expect(done.AuthenticationResult?.IdToken).toBeDefined();
      expect(decodeJwt(done.AuthenticationResult!.IdToken!)['cognito:username']).toBe('alice');
    });

    it('names the user by the internal UUID in e-mail-as-username pools', async () => {
      const poolId = await createPool({ UsernameAttributes: ['email'] });
      const client = await createClient(poolId);
      const user = await createUser(poolId, 'bob@example.com');
      const { started, srp } = await srpSignIn(poolId, client.ClientId!, 'bob@example.com', PASSWORD);
      const p = started.ChallengeParameters!;
      expect(p.USER_ID_FOR_SRP).toBe(user.Username);
      expect(p.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
      const done = await cognito().send(
        new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(p, PASSWORD) }),
      );
      expect(decodeJwt(done.AuthenticationResult!.AccessToken!).username).toBe(user.Username);
    });

    it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
      const { poolId, clientId } = await setup();
      const srp = srpClient(poolId);
      const started = await cognito().send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A: srp.SRP_A } }),
      );
      const done = await cognito().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD),
        }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it('refuses a claim made with the wrong password', async () => {
      const { poolId, clientId } = await setup();
      const { started, srp } = await srpSignIn(poolId, clientId, 'alice', PASSWORD);
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeResponses: srp.respond(started.ChallengeParameters, 'Wrong0rd!'),
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('refuses a TIMESTAMP with a zero-padded day or wrong weekday, and a malformed one as a bad parameter', async () => {
      const { poolId, clientId } = await setup();
      const respond = async (timestamp: string) => {
        const { started, srp } = await srpSignIn(poolId, clientId, 'alice', PASSWORD);
        return cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD, { timestamp }),
          }),
        );
      };
      const now = formatSrpTimestamp(Date.now());
      const padded = now.replace(/^(\w{3} \w{3}) (\d) /, '$1 0$2 ');
      const paddedOrWeekday = padded !== now ? padded : now.replace(/^\w{3}/, (d) => (d === 'Mon' ? 'Tue' : 'Mon'));
      await expect(respond(paddedOrWeekday)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await expect(respond(now.replace(/^\w{3}/, (d) => (d === 'Mon' ? 'Tue' : 'Mon')))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      await expect(respond(new Date().toISOString())).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
      });
      // None of the above was a password guess the lockout would stop: the right claim still works.
      expect((await respond(formatSrpTimestamp(Date.now()))).AuthenticationResult).toBeDefined();
    });

    it('refuses a SECRET_BLOCK it did not issue, or issued to another client', async () => {
      const { poolId, clientId } = await setup();
      const other = await createClient(poolId);
      const { started, srp } = await srpSignIn(poolId, clientId, 'alice', PASSWORD);
      const forged = Buffer.from('not a sealed block').toString('base64');
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD, { secretBlock: forged }),
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({
            ClientId: other.ClientId,
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD),
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('refuses an SRP_A that is zero modulo N', async () => {
      const { clientId } = await setup();
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', SRP_A: '0' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Missing required parameter SRP_A' });
    });

    it('is allowed by default and by a legacy flow list, and refused when the client leaves it out', async () => {
      const poolId = await createPool();
      await createUser(poolId, 'alice');
      for (const flows of [undefined, ['ADMIN_NO_SRP_AUTH'] as ExplicitAuthFlowsType[]]) {
        const client = await createClient(poolId, { ExplicitAuthFlows: flows });
        const { started } = await srpSignIn(poolId, client.ClientId!, 'alice', PASSWORD);
        expect(started.ChallengeName).toBe('PASSWORD_VERIFIER');
      }
      const noSrp = await createClient(poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await expect(srpSignIn(poolId, noSrp.ClientId!, 'alice', PASSWORD)).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Auth flow not enabled for this client',
      });
    });
  });

  describe('unknown users and account states', () => {
    it('reports an unknown user as UserNotFoundException with LEGACY existence errors', async () => {
      const { poolId, clientId } = await setup();
      const notFound = { name: 'UserNotFoundException', message: 'User does not exist.' };
      await expect(passwordAuth(clientId, 'nobody', PASSWORD)).rejects.toMatchObject(notFound);
      await expect(srpSignIn(poolId, clientId, 'nobody', PASSWORD)).rejects.toMatchObject(notFound);
    });

    it('does not take the sub as a sign-in name', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId);
      const user = await createUser(poolId, 'alice');
      const sub = user.Attributes!.find((a) => a.Name === 'sub')!.Value!;
      await expect(passwordAuth(client.ClientId!, sub, PASSWORD)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('hides unknown users behind "Incorrect username or password." with PreventUserExistenceErrors', async () => {
      const { poolId, clientId } = await setup({ PreventUserExistenceErrors: 'ENABLED' });
      await expect(passwordAuth(clientId, 'nobody', PASSWORD)).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      const first = await srpSignIn(poolId, clientId, 'nobody', PASSWORD);
      const second = await srpSignIn(poolId, clientId, 'nobody', PASSWORD);
      const p1 = first.started.ChallengeParameters!;
      const p2 = second.started.ChallengeParameters!;
      expect(first.started.ChallengeName).toBe('PASSWORD_VERIFIER');
      expect(p1.SALT).toBe(p2.SALT);
      expect(p1.SALT).toMatch(/^[0-9a-f]{32}$/);
      expect(p1.USER_ID_FOR_SRP).toBe('nobody');
      expect(p1.USER_ID_FOR_SRP).toBe(p2.USER_ID_FOR_SRP);
      expect(p1.SRP_B).not.toBe(p2.SRP_B);
      expect((await srpSignIn(poolId, clientId, 'somebody-else', PASSWORD)).started.ChallengeParameters!.SALT).not.toBe(p1.SALT);
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: first.srp.respond(p1, PASSWORD) }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('gives a fake unknown user a UUID in e-mail-as-username pools, as real users have', async () => {
      const poolId = await createPool({ UsernameAttributes: ['email'] });
      const client = await createClient(poolId, { PreventUserExistenceErrors: 'ENABLED' });
      const { started } = await srpSignIn(poolId, client.ClientId!, 'ghost@example.com', PASSWORD);
      expect(started.ChallengeParameters!.USER_ID_FOR_SRP).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('reports an unconfirmed user before looking at the password', async () => {
      const { poolId, clientId } = await setup();
      await usersRepo.updateUser(server().services.store.db, poolId, 'alice', { status: 'UNCONFIRMED', updated_at: Date.now() });
      const unconfirmed = { name: 'UserNotConfirmedException', message: 'User is not confirmed.' };
      await expect(passwordAuth(clientId, 'alice', 'Wrong0rd!')).rejects.toMatchObject(unconfirmed);
      await expect(passwordAuth(clientId, 'alice', PASSWORD)).rejects.toMatchObject(unconfirmed);
      await expect(srpSignIn(poolId, clientId, 'alice', PASSWORD)).rejects.toMatchObject(unconfirmed);
    });

    it('asks a user whose password an administrator reset to reset it', async () => {
      const { poolId, clientId } = await setup();
      await cognito().send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice' }));
      await expect(passwordAuth(clientId, 'alice', PASSWORD)).rejects.toMatchObject({
        name: 'PasswordResetRequiredException',
        message: 'Password reset required for the user',
      });
    });

    it('refuses a disabled user', async () => {
      const { poolId, clientId } = await setup();
      await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      const disabled = { name: 'NotAuthorizedException', message: 'User is disabled.' };
      await expect(passwordAuth(clientId, 'alice', PASSWORD)).rejects.toMatchObject(disabled);
      await expect(srpSignIn(poolId, clientId, 'alice', PASSWORD)).rejects.toMatchObject(disabled);
    });

    it('answers an unknown client with ResourceNotFoundException', async () => {
      await expect(passwordAuth('nosuchclient00000000000000', 'alice', PASSWORD)).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User pool client nosuchclient00000000000000 does not exist.',
      });
    });
  });

  describe('clients with a secret', () => {
    it('require SECRET_HASH and accept it computed over the typed name, the internal username or the sub', async () => {
      const poolId = await createPool({ UsernameAttributes: ['email'] });
      const client = await createClient(poolId, { GenerateSecret: true });
      const clientId = client.ClientId!;
      const secret = client.ClientSecret!;
      const user = await createUser(poolId, 'carol@example.com');
      const failure = { name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}` };
      await expect(passwordAuth(clientId, 'carol@example.com', PASSWORD)).rejects.toMatchObject(failure);
      await expect(passwordAuth(clientId, 'carol@example.com', PASSWORD, { SECRET_HASH: secretHash('wrong', 'carol@example.com', clientId) })).rejects.toMatchObject(
        failure,
      );
      for (const name of ['carol@example.com', user.Username!]) {
        const out = await passwordAuth(clientId, 'carol@example.com', PASSWORD, { SECRET_HASH: secretHash(secret, name, clientId) });
        expect(out.AuthenticationResult?.AccessToken).toBeDefined();
      }
    });

    it('check SECRET_HASH in both SRP steps and in refresh', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId, { GenerateSecret: true });
      const clientId = client.ClientId!;
      const hash = secretHash(client.ClientSecret!, 'alice', clientId);
      await createUser(poolId, 'alice');
      await expect(srpSignIn(poolId, clientId, 'alice', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      const { started, srp } = await srpSignIn(poolId, clientId, 'alice', PASSWORD, { SECRET_HASH: hash });
      const responses = srp.respond(started.ChallengeParameters, PASSWORD);
      await expect(
        cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses })),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}` });
      const done = await cognito().send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: { ...responses, SECRET_HASH: hash } }),
      );
      const refreshToken = done.AuthenticationResult!.RefreshToken!;
      const refresh = (extra: Record<string, string>) =>
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken, ...extra } }));
      await expect(refresh({})).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}` });
      expect((await refresh({ SECRET_HASH: hash })).AuthenticationResult?.AccessToken).toBeDefined();
    });
  });

  describe('REFRESH_TOKEN_AUTH', () => {
    it('issues new ID and access tokens keeping auth_time and origin_jti, without a new refresh token', async () => {
      const { clientId } = await setup();
      const first = (await passwordAuth(clientId, 'alice', PASSWORD)).AuthenticationResult!;
      for (const AuthFlow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'] as const) {
        const out = await cognito().send(new InitiateAuthCommand({ AuthFlow, ClientId: clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }));
        const result = out.AuthenticationResult!;
        expect(result.RefreshToken).toBeUndefined();
        expect(out.ChallengeParameters).toEqual({});
        const before = decodeJwt(first.IdToken!);
        const after = decodeJwt(result.IdToken!);
        expect(after.auth_time).toBe(before.auth_time);
        expect(after.origin_jti).toBe(before.origin_jti);
        expect(decodeJwt(result.AccessToken!).origin_jti).toBe(before.origin_jti);
      }
    });

    it('refuses a refresh token it did not issue, or issued to another client', async () => {
      const { poolId, clientId } = await setup();
      const other = await createClient(poolId);
      const first = (await passwordAuth(clientId, 'alice', PASSWORD)).AuthenticationResult!;
      const invalid = { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' };
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: 'nonsense' } })),
      ).rejects.toMatchObject(invalid);
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: other.ClientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } })),
      ).rejects.toMatchObject(invalid);
      await expect(cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: {} }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required parameter REFRESH_TOKEN',
      });
    });

    it('is refused when the client does not allow refresh', async () => {
      const { poolId, clientId } = await setup();
      const first = (await passwordAuth(clientId, 'alice', PASSWORD)).AuthenticationResult!;
      const srpOnly = await createClient(poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] });
      await expect(
        cognito().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: srpOnly.ClientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
    });
  });

  describe('NEW_PASSWORD_REQUIRED', () => {
    const startNewPassword = async (poolInput: Partial<CreateUserPoolCommandInput> = {}, attributes: Record<string, string> = {}) => {
      const poolId = await createPool(poolInput);
      const client = await createClient(poolId);
      await createUser(poolId, 'dave', { permanent: false, attributes });
      const out = await passwordAuth(client.ClientId!, 'dave', PASSWORD);
      return { poolId, clientId: client.ClientId!, out };
    };
    const respond = (clientId: string, out: InitiateAuthCommandOutput, responses: Record<string, string>) =>
      cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: out.Session, ChallengeResponses: responses }));

    it('is the answer to a correct temporary password, with the attributes the user still needs', async () => {
      const { out } = await startNewPassword(
        { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] },
        { email: 'dave@example.com', name: 'Dave' },
      );
      expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect(out.Session!.length).toBeGreaterThanOrEqual(20);
      expect(out.Session!.length).toBeLessThanOrEqual(2048);
      expect(out.ChallengeParameters!.USER_ID_FOR_SRP).toBe('dave');
      expect(JSON.parse(out.ChallengeParameters!.requiredAttributes!)).toEqual([]);
      expect(JSON.parse(out.ChallengeParameters!.userAttributes!)).toEqual({ email: 'dave@example.com', name: 'Dave' });
    });

    it('lists missing required attributes prefixed with userAttributes. and requires them', async () => {
      const poolId = await createPool({ Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] });
      const client = await createClient(poolId);
      await createUser(poolId, 'gina', { permanent: false, attributes: { name: 'Gina' } });
      // Cognito lets users with a temporary password lack required attributes (imported users, for
      // one); AdminCreateUser here insists on them, so the attribute is removed behind its back.
      await usersRepo.deleteAttributes(server().services.store.db, poolId, 'gina', ['name']);
      const out = await passwordAuth(client.ClientId!, 'gina', PASSWORD);
      expect(JSON.parse(out.ChallengeParameters!.requiredAttributes!)).toEqual(['userAttributes.name']);
      await expect(respond(client.ClientId!, out, { USERNAME: 'gina', NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid attributes given, name is missing',
      });
      const done = await respond(client.ClientId!, out, { USERNAME: 'gina', NEW_PASSWORD: 'N3w-Passw0rd', 'userAttributes.name': 'Gina G.' });
      expect(decodeJwt(done.AuthenticationResult!.IdToken!).name).toBe('Gina G.');
    });

    it('does not let the response change a required attribute that already has a value', async () => {
      const { clientId, out } = await startNewPassword(
        { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] },
        { name: 'Dave' },
      );
      await expect(respond(clientId, out, { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd', 'userAttributes.name': 'Other' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Cannot modify an already provided name',
      });
    });

    it('sets the new password and attributes, confirms the user and issues tokens', async () => {
      const { poolId, clientId, out } = await startNewPassword();
      await expect(respond(clientId, out, { USERNAME: 'dave', NEW_PASSWORD: 'short' })).rejects.toMatchObject({
        name: 'InvalidPasswordException',
        message: 'Password did not conform with policy: Password not long enough',
      });
      const done = await respond(clientId, out, { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd', 'userAttributes.given_name': 'David' });
      expect(decodeJwt(done.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'dave', given_name: 'David' });
      const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dave' }));
      expect(user.UserStatus).toBe('CONFIRMED');
      expect((await passwordAuth(clientId, 'dave', 'N3w-Passw0rd')).AuthenticationResult).toBeDefined();
      await expect(passwordAuth(clientId, 'dave', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      // The session cannot be used twice.
      await expect(respond(clientId, out, { USERNAME: 'dave', NEW_PASSWORD: 'An0ther-Passw0rd' })).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
    });

    it('follows SRP too, and refuses writes the client may not make', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId, { WriteAttributes: ['given_name'] });
      await createUser(poolId, 'erin', { permanent: false });
      const { started, srp } = await srpSignIn(poolId, client.ClientId!, 'erin', PASSWORD);
      const out = await cognito().send(
        new RespondToAuthChallengeCommand({
          ClientId: client.ClientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: srp.respond(started.ChallengeParameters, PASSWORD),
        }),
      );
      expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      await expect(
        respond(client.ClientId!, out, { USERNAME: 'erin', NEW_PASSWORD: 'N3w-Passw0rd', 'userAttributes.family_name': 'E' }),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
      await expect(
        respond(client.ClientId!, out, { USERNAME: 'erin', NEW_PASSWORD: 'N3w-Passw0rd', 'userAttributes.given_name': 'Erin' }),
      ).resolves.toMatchObject({ AuthenticationResult: expect.anything() });
    });

    it('requires USERNAME and a Session, refuses a session of another client or challenge, and garbage', async () => {
      const { poolId, clientId, out } = await startNewPassword();
      const other = await createClient(poolId);
      const expired = { name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' };
      await expect(respond(clientId, out, { NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required parameter USERNAME',
      });
      await expect(respond(clientId, { ...out, Session: undefined }, { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject({
        name: 'InvalidParameterException',
      });
      await expect(respond(other.ClientId!, out, { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject(expired);
      await expect(respond(clientId, { ...out, Session: 'x'.repeat(40) }, { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject(expired);
      await expect(
        cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SMS_MFA', Session: out.Session, ChallengeResponses: { USERNAME: 'dave', SMS_MFA_CODE: '1' } }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(respond(clientId, out, { USERNAME: 'mallory', NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('dies when an administrator changes the password meanwhile', async () => {
      const { poolId, clientId, out } = await startNewPassword();
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dave', Password: 'Other-Passw0rd', Permanent: false }));
      await expect(respond(clientId, out, { USERNAME: 'dave', NEW_PASSWORD: 'N3w-Passw0rd' })).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
    });

    it('works through AdminRespondToAuthChallenge', async () => {
      const poolId = await createPool();
      const client = await createClient(poolId);
      await createUser(poolId, 'frank', { permanent: false });
      const out = await cognito().send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'frank', PASSWORD } }),
      );
      expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const done = await cognito().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: client.ClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: out.Session,
          ChallengeResponses: { USERNAME: 'frank', NEW_PASSWORD: 'N3w-Passw0rd' },
        }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    });
  });

  describe('wire format', () => {
    it('answers a raw InitiateAuth call without a signature', async () => {
      const { clientId } = await setup();
      const res = await fetch(`${server().url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(Object.keys(body).sort()).toEqual(['AuthenticationResult', 'ChallengeParameters']);
    });

    it('validates Session length', async () => {
      const { clientId } = await setup();
      await expect(
        cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'short' })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Member must have length greater than or equal to 20') });
    });

    it('keeps the user attributes as the admin set them after sign-in', async () => {
      const { poolId, clientId } = await setup();
      await cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'alice', UserAttributes: [{ Name: 'name', Value: 'Alice A.' }] }));
      const out = await passwordAuth(clientId, 'alice', PASSWORD);
      expect(decodeJwt(out.AuthenticationResult!.IdToken!).name).toBe('Alice A.');
    });
  });
});
