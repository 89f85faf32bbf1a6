import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput, ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { initiateAuth } from '../../src/core/signin/flows.js';
import { forEachEngine } from '../helpers/server.js';
import { countingServices } from '../helpers/statements.js';

const PASSWORD = 'Passw0rd!';
const FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const clock = new ManualClock(Date.now());

forEachEngine(
  'global sign-out and token revocation',
  (server) => {
    const cognito = () => server().cognito;
    const setup = async (client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'revoke' }))).UserPool!.Id!;
      const created = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: FLOWS, ...client }))).UserPoolClient!;
      return { poolId, clientId: created.ClientId!, clientSecret: created.ClientSecret };
    };
    const createUser = async (UserPoolId: string, Username: string) => {
      await cognito().send(
        new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] }),
      );
      await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: PASSWORD, Permanent: true }));
    };
    /** Tokens from a password sign-in (ADMIN_USER_PASSWORD_AUTH), with the SECRET_HASH when the client has a secret. */
    const signIn = async (UserPoolId: string, ClientId: string, USERNAME: string, clientSecret?: string) => {
      const SECRET_HASH = clientSecret ? createHmac('sha256', clientSecret).update(`${USERNAME}${ClientId}`).digest('base64') : undefined;
      const res = await cognito().send(
        new AdminInitiateAuthCommand({
          UserPoolId,
          ClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME, PASSWORD, ...(SECRET_HASH ? { SECRET_HASH } : {}) },
        }),
      );
      const result = res.AuthenticationResult!;
      return { accessToken: result.AccessToken!, idToken: result.IdToken!, refreshToken: result.RefreshToken! };
    };
    const signedIn = async (username: string, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const { poolId, clientId, clientSecret } = await setup(client);
      await createUser(poolId, username);
      return { poolId, clientId, clientSecret, ...(await signIn(poolId, clientId, username, clientSecret)) };
    };
    const getSelf = (AccessToken: string) => cognito().send(new GetUserCommand({ AccessToken }));
    const refresh = (ClientId: string, RefreshToken: string, ClientSecret?: string) =>
      cognito().send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken, ClientSecret }));
    const revoked = { name: 'NotAuthorizedException', message: 'Access Token has been revoked' };

    describe('GlobalSignOut', () => {
      it('voids every access and refresh token of the user, the one used included', async () => {
        const { poolId, clientId, accessToken, refreshToken } = await signedIn('alice');
        const other = await signIn(poolId, clientId, 'alice');
        await cognito().send(new GlobalSignOutCommand({ AccessToken: accessToken }));
        await expect(getSelf(accessToken)).rejects.toMatchObject(revoked);
        await expect(getSelf(other.accessToken)).rejects.toMatchObject(revoked);
        await expect(cognito().send(new GlobalSignOutCommand({ AccessToken: accessToken }))).rejects.toMatchObject(revoked);
        await expect(refresh(clientId, refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
        // Signing in again afterwards works.
        const again = await signIn(poolId, clientId, 'alice');
        expect((await getSelf(again.accessToken)).Username).toBe('alice');
      });

      it('works from amazon-cognito-identity-js', async () => {
        const { poolId, clientId, accessToken, idToken, refreshToken } = await signedIn('jsuser');
        const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server().url });
        const user = new CognitoUser({ Username: 'jsuser', Pool: pool });
        user.setSignInUserSession(
          new CognitoUserSession({
            AccessToken: new CognitoAccessToken({ AccessToken: accessToken }),
            IdToken: new CognitoIdToken({ IdToken: idToken }),
            RefreshToken: new CognitoRefreshToken({ RefreshToken: refreshToken }),
          }),
        );
        const outcome = await new Promise((resolve, reject) => user.globalSignOut({ onSuccess: resolve, onFailure: reject }));
        expect(outcome).toBe('SUCCESS');
        await expect(getSelf(accessToken)).rejects.toMatchObject(revoked);
      });
    });

    describe('AdminUserGlobalSignOut', () => {
      it("signs a user out everywhere by the administrator's hand", async () => {
        const { poolId, clientId, accessToken, refreshToken } = await signedIn('bob');
        await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'bob' }));
        await expect(getSelf(accessToken)).rejects.toMatchObject(revoked);
        await expect(refresh(clientId, refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
        await expect(cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({
          name: 'UserNotFoundException',
          message: 'User does not exist.',
        });
        await expect(cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: 'us-east-1_missing01', Username: 'bob' }))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
        });
      });
    });

    describe('RevokeToken', () => {
      it('voids the refresh token and the access tokens issued with it, leaving other sessions alone', async () => {
        const { poolId, clientId, accessToken, refreshToken } = await signedIn('carol');
        const other = await signIn(poolId, clientId, 'carol');
        const refreshed = await refresh(clientId, refreshToken);
        await cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
        await expect(getSelf(accessToken)).rejects.toMatchObject(revoked);
        await expect(getSelf(refreshed.AuthenticationResult!.AccessToken!)).rejects.toMatchObject(revoked);
        await expect(refresh(clientId, refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
        expect((await getSelf(other.accessToken)).Username).toBe('carol');
        await expect(cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }))).resolves.toBeDefined();
      });

      it('accepts unknown tokens but not access tokens', async () => {
        const { clientId, accessToken } = await signedIn('dan');
        await cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: 'eyJjdHkiOiJKV1QifQ.unknown.token.value.x' }));
        await expect(cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: accessToken }))).rejects.toMatchObject({
          name: 'UnsupportedTokenTypeException',
        });
        expect((await getSelf(accessToken)).Username).toBe('dan');
      });

      it('authenticates clients that have a secret', async () => {
        const { clientId, clientSecret, refreshToken } = await signedIn('erin', { GenerateSecret: true });
        await expect(cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }))).rejects.toMatchObject({
          name: 'UnauthorizedException',
        });
        await expect(
          cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken, ClientSecret: 'x'.repeat(clientSecret!.length) })),
        ).rejects.toMatchObject({ name: 'UnauthorizedException' });
        await cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken, ClientSecret: clientSecret }));
        await expect(refresh(clientId, refreshToken, clientSecret)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      });

      it('is refused for clients without token revocation', async () => {
        const { clientId, refreshToken } = await signedIn('fay', { EnableTokenRevocation: false });
        await expect(cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }))).rejects.toMatchObject({
          name: 'UnsupportedOperationException',
        });
      });
    });

    describe('REFRESH_TOKEN_AUTH', () => {
      it('reads the stored token and its user once, though the SECRET_HASH check needs them before the refresh', async () => {
        const { clientId, clientSecret, refreshToken } = await signedIn('hugo', { GenerateSecret: true });
        const SECRET_HASH = createHmac('sha256', clientSecret!).update(`hugo${clientId}`).digest('base64');
        const counted = countingServices(server().services);
        const outcome = await initiateAuth(counted.services, {
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken, USERNAME: 'hugo', SECRET_HASH },
        });
        expect(outcome.AuthenticationResult?.AccessToken).toBeTruthy();
        expect(counted.statements.filter((s) => /^select \* from "refresh_tokens"/.test(s))).toHaveLength(1);
        expect(counted.statements.filter((s) => /^select "users"\.\*/.test(s))).toHaveLength(1);
        // The check those reads serve still refuses a wrong SECRET_HASH.
        await expect(
          initiateAuth(server().services, { ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken, USERNAME: 'hugo', SECRET_HASH: 'x' } }),
        ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      });
    });

    describe('GetTokensFromRefreshToken', () => {
      it('issues new ID and access tokens that keep auth_time and the token family, without a new refresh token', async () => {
        const { clientId, accessToken, refreshToken } = await signedIn('gina');
        clock.advance(5000);
        const res = await refresh(clientId, refreshToken);
        const result = res.AuthenticationResult!;
        expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
        expect(result.RefreshToken).toBeUndefined();
        expect(result.IdToken).toBeTruthy();
        const before = decodeJwt(accessToken);
        const after = decodeJwt(result.AccessToken!);
        expect(after.auth_time).toBe(before.auth_time);
        expect(after.origin_jti).toBe(before.origin_jti);
        expect(after.iat).toBeGreaterThan(before.iat!);
        expect((await getSelf(result.AccessToken!)).Username).toBe('gina');
      });

      it('rotates the refresh token when the client asks for it; reusing the old one after the grace period revokes the family', async () => {
        const { clientId, refreshToken } = await signedIn('hank', {
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
        });
        const first = (await refresh(clientId, refreshToken)).AuthenticationResult!;
        expect(first.RefreshToken).toBeTruthy();
        expect(first.RefreshToken).not.toBe(refreshToken);
        // Within the grace period a retry with the old token still works.
        await refresh(clientId, refreshToken);
        clock.advance(11_000);
        await expect(refresh(clientId, refreshToken)).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });
        // RFC 9700 §4.14.2: a reused rotated token means it leaked, so its successor is revoked too.
        await expect(refresh(clientId, first.RefreshToken!)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
      });

      it("refuses another client's refresh token, a wrong client secret and disabled users", async () => {
        const { poolId, clientId, refreshToken } = await signedIn('ivan');
        const otherClient = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other', ExplicitAuthFlows: FLOWS }))).UserPoolClient!.ClientId!;
        await expect(refresh(otherClient, refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
        await expect(refresh(clientId, 'eyJjdHkiOiJKV1QifQ.not.a.refresh.token')).rejects.toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Invalid Refresh Token',
        });

        const secretClient = (await cognito().send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'secret', ExplicitAuthFlows: FLOWS, GenerateSecret: true })))
          .UserPoolClient!;
        const tokens = await signIn(poolId, secretClient.ClientId!, 'ivan', secretClient.ClientSecret);
        await expect(refresh(secretClient.ClientId!, tokens.refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
        await expect(refresh(secretClient.ClientId!, tokens.refreshToken, 'y'.repeat(40))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
        await refresh(secretClient.ClientId!, tokens.refreshToken, secretClient.ClientSecret);

        await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'ivan' }));
        await expect(refresh(clientId, refreshToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
      });

      it('needs an existing app client', async () => {
        await expect(refresh('nosuchclient0000000000000a', 'eyJjdHkiOiJKV1QifQ.a.b.c.d')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      });
    });

    describe('the access token check', () => {
      it('refuses a token under another signature after the genuine one was accepted (a verified token is remembered by its text)', async () => {
        const { accessToken } = await signedIn('judy');
        expect((await getSelf(accessToken)).Username).toBe('judy');
        expect((await getSelf(accessToken)).Username).toBe('judy');
        const [header, payload, signature] = accessToken.split('.') as [string, string, string];
        const other = Buffer.from(signature, 'base64url');
        other[0]! ^= 1;
        await expect(getSelf(`${header}.${payload}.${other.toString('base64url')}`)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
        expect((await getSelf(accessToken)).Username).toBe('judy');
      });

      it('forgets the tokens it verified once their key is retired', async () => {
        const { poolId, accessToken } = await signedIn('kim');
        expect((await getSelf(accessToken)).Username).toBe('kim');
        const res = await fetch(`${server().url}/_cognate/keys/rotate?pool=${poolId}`, { method: 'POST' });
        expect(res.status).toBe(200);
        const { previousKeysPublishedUntil } = (await res.json()) as { previousKeysPublishedUntil: number };
        // Still published: the token holds.
        expect((await getSelf(accessToken)).Username).toBe('kim');
        const start = clock.now();
        clock.set(previousKeysPublishedUntil + 1000);
        try {
          // Its key is gone, so the signature no longer checks: invalid, rather than merely expired.
          await expect(getSelf(accessToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
        } finally {
          clock.set(start);
        }
      });

      it('reads the user as it is now: a changed attribute, a disabled account, a deleted user', async () => {
        const { poolId, accessToken } = await signedIn('lena');
        await cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'lena', UserAttributes: [{ Name: 'name', Value: 'Lena L' }] }));
        const attributes = (await getSelf(accessToken)).UserAttributes!;
        expect(attributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Lena L' }, { Name: 'email', Value: 'lena@example.com' }]));
        await cognito().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'lena' }));
        await expect(getSelf(accessToken)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
        await cognito().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'lena' }));
        await expect(getSelf(accessToken)).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
      });
    });
  },
  { clock },
);
