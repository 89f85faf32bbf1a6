import { createHash, randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, CreateUserPoolClientCommandInput, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import type { TestServer } from '../helpers/server.js';

export const CALLBACK = 'https://app.example/callback';
export const LOGOUT = 'https://app.example/signed-out';
export const PASSWORD = 'Passw0rd!';
export const VERIFIER = 'dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk-hosted-ui';
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/** A pool with a domain and a public app client allowed the code grant, as the walkthrough sets one up. */
export interface UiFixture {
  poolId: string;
  clientId: string;
  domain: string;
  /** `<public-url>/<poolId>`. */
  base: string;
  /** `/login?...` with PKCE, state and nonce, in the path form; `null` leaves a parameter out. */
  loginUrl: (extra?: Record<string, string | null>) => string;
  authorizeParams: (extra?: Record<string, string | null>) => Record<string, string>;
}

export async function createUiFixture(
  server: TestServer,
  pool: Partial<CreateUserPoolCommandInput> = {},
  client: Partial<CreateUserPoolClientCommandInput> = {},
): Promise<UiFixture> {
  const cognito = server.cognito;
  const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'hosted', ...pool }))).UserPool!.Id!;
  const domain = `ui${randomBytes(5).toString('hex')}`;
  await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const clientId = (
    await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        SupportedIdentityProviders: ['COGNITO'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code', 'implicit'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [CALLBACK],
        LogoutURLs: [LOGOUT],
        ...client,
      }),
    )
  ).UserPoolClient!.ClientId!;
  const base = `${server.services.settings.publicUrl}/${poolId}`;
  const authorizeParams = (extra: Record<string, string | null> = {}): Record<string, string> => {
    const all: Record<string, string | null> = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope: 'openid email',
      state: 'st-42',
      nonce: 'n-42',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      ...extra,
    };
    return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
  };
  return { poolId, clientId, domain, base, authorizeParams, loginUrl: (extra = {}) => `${base}/login?${new URLSearchParams(authorizeParams(extra))}` };
}

/** A confirmed user with a permanent password (or a temporary one: FORCE_CHANGE_PASSWORD). */
export async function createUser(server: TestServer, poolId: string, username: string, attributes: AttributeType[] = [], options: { temporary?: boolean } = {}) {
  await server.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: attributes,
      ...(options.temporary ? { TemporaryPassword: PASSWORD } : {}),
    }),
  );
  if (!options.temporary) await server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

/** The code of the newest outbox message for a user. */
export async function lastCode(server: TestServer, poolId: string, username: string): Promise<string> {
  const messages = await listOutbox(server.services, { poolId, username });
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no code in the outbox for ${username}`);
  return code;
}

/** What Postman or an SPA does with the code: the token request with the PKCE verifier. */
export async function exchangeCode(fx: UiFixture, code: string, redirectUri = CALLBACK) {
  const res = await fetch(`${fx.base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: fx.clientId, code, redirect_uri: redirectUri, code_verifier: VERIFIER }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The query of a redirect to the client's callback. */
export function callbackQuery(location: string | undefined): URLSearchParams {
  if (!location?.startsWith(`${CALLBACK}?`)) throw new Error(`expected a redirect to the callback, got ${location}`);
  return new URL(location).searchParams;
}
