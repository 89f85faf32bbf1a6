import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { createSsoSession } from '../../src/core/oauth/sso-session.js';
import { getPool } from '../../src/core/pool/pools.js';
import { getUser } from '../../src/core/user/users.js';
import type { TestServer } from '../helpers/server.js';

/** A pool set up as the walkthrough does, plus the other kinds of app client the OAuth endpoints serve. */
export interface OAuthFixture {
  poolId: string;
  domain: string;
  /** `<public-url>/<poolId>`: the issuer and the path-form base of every endpoint. */
  base: string;
  publicClientId: string;
  confidentialClientId: string;
  confidentialSecret: string;
  machineClientId: string;
  machineSecret: string;
  username: string;
  password: string;
  redirectUri: string;
}

export const CALLBACK = 'https://app.example/callback';
export const LOOPBACK = 'http://127.0.0.1/callback';
export const LOGOUT = 'https://app.example/signed-out';

export async function createFixture(server: TestServer, client: Partial<CreateUserPoolClientCommandInput> = {}): Promise<OAuthFixture> {
  const cognito = server.cognito;
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'oauth',
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: false, Mutable: true }],
    }),
  );
  const poolId = UserPool!.Id!;
  const domain = `d${randomBytes(5).toString('hex')}`;
  await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  await cognito.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'orders',
      Name: 'Orders API',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'read orders' },
        { ScopeName: 'write', ScopeDescription: 'write orders' },
      ],
    }),
  );
  const pub = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'spa',
      SupportedIdentityProviders: ['COGNITO'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code', 'implicit'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin', 'orders/read'],
      CallbackURLs: [CALLBACK, LOOPBACK],
      LogoutURLs: [LOGOUT],
      ...client,
    }),
  );
  const conf = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      GenerateSecret: true,
      SupportedIdentityProviders: ['COGNITO'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [CALLBACK],
    }),
  );
  const machine = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['orders/read', 'orders/write'],
    }),
  );
  const username = 'alice';
  const password = 'Correct-horse-1';
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Alice' },
      ],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
  return {
    poolId,
    domain,
    base: `${server.services.settings.publicUrl}/${poolId}`,
    publicClientId: pub.UserPoolClient!.ClientId!,
    confidentialClientId: conf.UserPoolClient!.ClientId!,
    confidentialSecret: conf.UserPoolClient!.ClientSecret!,
    machineClientId: machine.UserPoolClient!.ClientId!,
    machineSecret: machine.UserPoolClient!.ClientSecret!,
    username,
    password,
    redirectUri: CALLBACK,
  };
}

/** A signed-in browser's SSO cookie header, made the way the sign-in page will make it. */
export async function signedIn(server: TestServer, fx: OAuthFixture, authTime = Math.floor(server.services.clock.now() / 1000)): Promise<string> {
  const pool = await getPool(server.services, fx.poolId);
  const user = await getUser(server.services, pool, fx.username);
  const session = await createSsoSession(server.services, pool, user, authTime);
  return `${session.cookieName}=${session.cookieValue}`;
}

/** A browser navigation that does not follow redirects. */
export const navigate = (url: string | URL, cookie?: string) =>
  fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });

export const authorizeUrl = (fx: OAuthFixture, params: Record<string, string>) =>
  `${fx.base}/oauth2/authorize?${new URLSearchParams(params).toString()}`;

/** Where a redirect goes, with its query and fragment parameters. */
export function redirectOf(res: Response): { url: string; query: URLSearchParams; fragment: URLSearchParams } {
  const location = res.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${res.status}`);
  const url = new URL(location, 'http://relative.invalid');
  return { url: location, query: url.searchParams, fragment: new URLSearchParams(url.hash.slice(1)) };
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export function postForm(url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with a chosen Host header (fetch does not allow setting one), as a browser on a pool's domain sends. */
export function hostRequest(port: number, host: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
