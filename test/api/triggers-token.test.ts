import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import { PreTokenGenerationTriggerSchemaV1, PreTokenGenerationTriggerSchemaV2AndV3 } from '@aws-lambda-powertools/parser/schemas/cognito';
import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { decodeJwt } from 'jose';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { FunctionRunner, TriggerEvent } from '../../src/core/trigger/runner.js';
import { FunctionError } from '../../src/core/trigger/runner.js';
import { runHandler } from '../../src/functions/handler.js';
import { forEachEngine, json } from '../helpers/server.js';
import type { OAuthFixture } from '../oauth/fixture.js';
import { authorizeUrl, basic, CALLBACK, createFixture, navigate, postForm, redirectOf, signedIn } from '../oauth/fixture.js';

/**
 * PreTokenGeneration V1, V2 and V3 wherever tokens are issued: the API (InitiateAuth and
 * REFRESH_TOKEN_AUTH), the hosted UI's code flow at the token endpoint, the refresh_token grant and
 * client credentials (V3 only). Every event is checked against Powertools' published schema.
 */

type Handler = (event: TriggerEvent) => Promise<TriggerEvent>;
const events: TriggerEvent[] = [];
const handlers: Record<string, Handler> = {};
// The handlers run as a module's would (runHandler), so a thrown error is the function's failure.
const runner: FunctionRunner = {
  invoke: async (name, event, timeoutMs) => {
    events.push(structuredClone(event));
    const handler = handlers[name];
    if (!handler) throw new FunctionError('not-found', `Function not found: ${name}`);
    return runHandler(name, handler, event, timeoutMs);
  },
};

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

handlers.v1 = async (raw) => {
  const event = raw as unknown as PreTokenGenerationTriggerEvent;
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { tier: 'gold', email: 'override@example.com', sub: 'not-allowed', both: 'x' },
      claimsToSuppress: ['name', 'both', 'iss'],
      groupOverrideDetails: { groupsToOverride: ['admins'], iamRolesToOverride: ['arn:aws:iam::123456789012:role/admin'], preferredRole: 'arn:aws:iam::123456789012:role/admin' },
    },
  };
  return event as unknown as TriggerEvent;
};

const v2Response = (): PreTokenGenerationV2TriggerEvent['response'] => ({
  claimsAndScopeOverrideDetails: {
    idTokenGeneration: { claimsToAddOrOverride: { tier: 'gold', flags: { beta: true } as never }, claimsToSuppress: ['name'] },
    accessTokenGeneration: {
      claimsToAddOrOverride: { roles: ['reader', 'writer'] as never, level: 5 as never, token_use: 'id' },
      claimsToSuppress: ['event_id'],
      scopesToAdd: ['orders/write'],
      scopesToSuppress: ['email'],
    },
    groupOverrideDetails: { groupsToOverride: ['g1'] },
  },
});

handlers.v2 = async (raw) => {
  const event = raw as unknown as PreTokenGenerationV2TriggerEvent;
  event.response = v2Response();
  return event as unknown as TriggerEvent;
};

handlers.v3 = async (raw) => {
  const event = raw as unknown as PreTokenGenerationV3TriggerEvent;
  event.response = v2Response();
  return event as unknown as TriggerEvent;
};

handlers.fails = async () => {
  throw new Error('tokens refused');
};

forEachEngine(
  'PreTokenGeneration',
  (server) => {
    let fx: OAuthFixture;
    let cookie: string;
    let tokenUrl: string;
    const cognito = () => server().cognito;

    beforeAll(async () => {
      fx = await createFixture(server(), { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      cookie = await signedIn(server(), fx);
      tokenUrl = `${fx.base}/oauth2/token`;
      await cognito().send(new CreateGroupCommand({ UserPoolId: fx.poolId, GroupName: 'readers', Precedence: 1, RoleArn: 'arn:aws:iam::123456789012:role/reader' }));
      await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: fx.poolId, Username: fx.username, GroupName: 'readers' }));
    });
    beforeEach(() => {
      events.length = 0;
    });

    async function configure(LambdaConfig: LambdaConfigType): Promise<void> {
      const { UserPool } = await cognito().send(new DescribeUserPoolCommand({ UserPoolId: fx.poolId }));
      await cognito().send(new UpdateUserPoolCommand({ UserPoolId: fx.poolId, AutoVerifiedAttributes: UserPool!.AutoVerifiedAttributes, LambdaConfig }));
    }
    const v2Config = (name: string, LambdaVersion: 'V1_0' | 'V2_0' | 'V3_0' = 'V2_0'): LambdaConfigType => ({ PreTokenGenerationConfig: { LambdaVersion, LambdaArn: arn(name) } });

    const signIn = () =>
      cognito().send(
        new InitiateAuthCommand({
          ClientId: fx.publicClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: fx.username, PASSWORD: fx.password },
          ClientMetadata: { app: 'tests' },
        }),
      );
    async function codeFlowTokens(): Promise<{ status: number; body: Record<string, string> }> {
      const res = await navigate(authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK, scope: 'openid email orders/read' }), cookie);
      const code = redirectOf(res).query.get('code');
      if (!code) throw new Error(`no code: ${res.headers.get('location')}`);
      const answer = await postForm(tokenUrl, { grant_type: 'authorization_code', client_id: fx.publicClientId, code, redirect_uri: CALLBACK });
      return { status: answer.status, body: await json(answer) };
    }
    const clientCredentials = () =>
      postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'orders/read' }, { authorization: basic(fx.machineClientId, fx.machineSecret) });

    async function verified(idToken: string | undefined, accessToken: string, clientId = fx.publicClientId) {
      const issuer = fx.base;
      const jwksUri = `${issuer}/.well-known/jwks.json`;
      const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });
      const access = await JwtRsaVerifier.create({ issuer, jwksUri, audience: null }, { jwksCache }).verify(accessToken);
      expect(access.client_id).toBe(clientId);
      const id = idToken ? await JwtRsaVerifier.create({ issuer, jwksUri, audience: clientId }, { jwksCache }).verify(idToken) : undefined;
      return { id, access };
    }

    it('V1 (a plain PreTokenGeneration ARN) customizes the ID token and the groups of both, through InitiateAuth', async () => {
      await configure({ PreTokenGeneration: arn('v1') });
      const { AuthenticationResult } = await signIn();
      expect(events).toHaveLength(1);
      const event = events[0]!;
      expect(PreTokenGenerationTriggerSchemaV1.safeParse(event).success).toBe(true);
      expect(event).toMatchObject({
        version: '1',
        triggerSource: 'TokenGeneration_Authentication',
        userPoolId: fx.poolId,
        userName: fx.username,
        callerContext: { clientId: fx.publicClientId },
        request: {
          userAttributes: { email: 'alice@example.com', name: 'Alice', 'cognito:user_status': 'CONFIRMED' },
          groupConfiguration: { groupsToOverride: ['readers'], iamRolesToOverride: ['arn:aws:iam::123456789012:role/reader'], preferredRole: 'arn:aws:iam::123456789012:role/reader' },
          clientMetadata: { app: 'tests' },
        },
        response: { claimsOverrideDetails: null },
      });
      expect(event.request).not.toHaveProperty('scopes');

      const { id, access } = await verified(AuthenticationResult!.IdToken!, AuthenticationResult!.AccessToken!);
      expect(id).toMatchObject({ tier: 'gold', email: 'override@example.com', 'cognito:groups': ['admins'], 'cognito:preferred_role': 'arn:aws:iam::123456789012:role/admin' });
      // Suppressing beats adding; protected claims stay as Cognito set them.
      expect(id).not.toHaveProperty('name');
      expect(id).not.toHaveProperty('both');
      expect(id!.sub).not.toBe('not-allowed');
      expect(id!.iss).toBe(fx.base);
      // V1 leaves the access token's claims alone, but its group override replaces the groups there too.
      expect(access).not.toHaveProperty('tier');
      expect(access['cognito:groups']).toEqual(['admins']);
      expect(access.scope).toBe('aws.cognito.signin.user.admin');
    });

    it('V2 through InitiateAuth and REFRESH_TOKEN_AUTH: both tokens, complex values, scopes added', async () => {
      await configure(v2Config('v2'));
      const { AuthenticationResult } = await signIn();
      expect(events[0]).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_Authentication', request: { scopes: ['aws.cognito.signin.user.admin'] } });
      expect(PreTokenGenerationTriggerSchemaV2AndV3.safeParse(events[0]).success).toBe(true);
      const { id, access } = await verified(AuthenticationResult!.IdToken!, AuthenticationResult!.AccessToken!);
      expect(id).toMatchObject({ tier: 'gold', flags: { beta: true }, 'cognito:groups': ['g1'] });
      expect(id).not.toHaveProperty('name');
      expect(id).not.toHaveProperty('cognito:roles');
      expect(access).toMatchObject({ roles: ['reader', 'writer'], level: 5, token_use: 'access', 'cognito:groups': ['g1'] });
      expect(access).not.toHaveProperty('event_id');
      expect(access.scope).toBe('aws.cognito.signin.user.admin orders/write');

      const refreshed = await cognito().send(
        new InitiateAuthCommand({ ClientId: fx.publicClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: AuthenticationResult!.RefreshToken! }, ClientMetadata: { step: 'refresh' } }),
      );
      expect(events[1]).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_RefreshTokens', request: { clientMetadata: { step: 'refresh' } } });
      expect(PreTokenGenerationTriggerSchemaV2AndV3.safeParse(events[1]).success).toBe(true);
      expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!)).toMatchObject({ level: 5, scope: 'aws.cognito.signin.user.admin orders/write' });
    });

    it('V2 at the token endpoint: the hosted code flow (HostedAuth) and the refresh_token grant, scopes added and suppressed', async () => {
      await configure(v2Config('v2'));
      const { status, body } = await codeFlowTokens();
      expect(status).toBe(200);
      expect(events[0]).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_HostedAuth', request: { scopes: ['openid', 'email', 'orders/read'] } });
      expect(PreTokenGenerationTriggerSchemaV2AndV3.safeParse(events[0]).success).toBe(true);
      const { id, access } = await verified(body.id_token, body.access_token!);
      expect(id).toMatchObject({ tier: 'gold', 'cognito:groups': ['g1'] });
      expect(access.scope).toBe('openid orders/read orders/write');

      const res = await postForm(tokenUrl, { grant_type: 'refresh_token', client_id: fx.publicClientId, refresh_token: body.refresh_token! });
      expect(res.status).toBe(200);
      const refreshed = await json(res);
      expect(events[1]).toMatchObject({ triggerSource: 'TokenGeneration_RefreshTokens' });
      expect(decodeJwt(refreshed.access_token)).toMatchObject({ level: 5, scope: 'openid orders/read orders/write' });
      expect(decodeJwt(refreshed.id_token)).toMatchObject({ tier: 'gold' });
    });

    it('V2 in the implicit flow at /oauth2/authorize (HostedAuth)', async () => {
      await configure(v2Config('v2'));
      const res = await navigate(authorizeUrl(fx, { response_type: 'token', client_id: fx.publicClientId, redirect_uri: CALLBACK, scope: 'openid email' }), cookie);
      const accessToken = redirectOf(res).fragment.get('access_token');
      if (!accessToken) throw new Error(`no token: ${res.headers.get('location')}`);
      expect(events[0]).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_HostedAuth', request: { scopes: ['openid', 'email'] } });
      expect(decodeJwt(accessToken)).toMatchObject({ level: 5, scope: 'openid orders/write' });
    });

    it('V3 customizes client-credentials tokens; V1 and V2 are not called for them', async () => {
      for (const config of [{ PreTokenGeneration: arn('v1') }, v2Config('v2')]) {
        await configure(config);
        const res = await clientCredentials();
        expect(res.status).toBe(200);
        expect(decodeJwt((await json(res)).access_token)).toMatchObject({ scope: 'orders/read' });
      }
      expect(events).toHaveLength(0);

      await configure(v2Config('v3', 'V3_0'));
      const res = await clientCredentials();
      expect(res.status).toBe(200);
      const token = (await json(res)).access_token;
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        version: '3',
        triggerSource: 'TokenGeneration_ClientCredentials',
        callerContext: { clientId: fx.machineClientId },
        request: { userAttributes: {}, scopes: ['orders/read'] },
      });
      expect(PreTokenGenerationTriggerSchemaV2AndV3.safeParse(events[0]).success).toBe(true);
      const { access } = await verified(undefined, token, fx.machineClientId);
      expect(access).toMatchObject({ roles: ['reader', 'writer'], level: 5, token_use: 'access', sub: fx.machineClientId, scope: 'orders/read orders/write' });

      // V3 fires for users too, with version '3'.
      await signIn();
      expect(events[1]).toMatchObject({ version: '3', triggerSource: 'TokenGeneration_Authentication' });
    });

    it('a failing function issues no tokens: UserLambdaValidationException at the API, invalid_request at the token endpoint', async () => {
      await configure(v2Config('fails'));
      await expect(signIn()).rejects.toMatchObject({ name: 'UserLambdaValidationException', message: 'PreTokenGeneration failed with error tokens refused.' });
      const code = await codeFlowTokens();
      expect(code.status).toBe(400);
      expect(code.body).toEqual({ error: 'invalid_request', error_description: 'PreTokenGeneration failed with error tokens refused.' });

      await configure(v2Config('fails', 'V3_0'));
      const machine = await clientCredentials();
      expect(machine.status).toBe(400);
      expect((await json(machine)).error).toBe('invalid_request');

      // The refresh token of an earlier sign-in is refused while the function fails, and still works after.
      await configure({});
      const { AuthenticationResult } = await signIn();
      await configure(v2Config('fails'));
      const refresh = () => postForm(tokenUrl, { grant_type: 'refresh_token', client_id: fx.publicClientId, refresh_token: AuthenticationResult!.RefreshToken! });
      const refused = await refresh();
      expect(refused.status).toBe(400);
      expect(await json(refused)).toMatchObject({ error: 'invalid_request' });
      await configure({});
      expect((await refresh()).status).toBe(200);
    });

    it('runs examples/triggers/pre-token-generation-v2: a tenant claim and an extra scope', async () => {
      const file = fileURLToPath(new URL('../../examples/triggers/pre-token-generation-v2/index.mjs', import.meta.url));
      const example = (await import(pathToFileURL(file).href)) as { handler: Handler };
      handlers['pre-token-generation-v2'] = example.handler;
      await configure(v2Config('pre-token-generation-v2'));
      const { AuthenticationResult } = await signIn();
      expect(decodeJwt(AuthenticationResult!.IdToken!)).toMatchObject({ tenant: 'default' });
      expect(decodeJwt(AuthenticationResult!.AccessToken!)).toMatchObject({ tenant: 'default', scope: 'aws.cognito.signin.user.admin orders/read' });
    });
  },
  { functions: runner },
);
