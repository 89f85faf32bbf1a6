import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput, CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import type { TestServer } from '../helpers/server.js';
import type { FormBrowser, Page } from '../ui/form-client.js';

export const APP_CALLBACK = 'https://app.example/callback';
export const PASSWORD = 'Passw0rd!long';
export const insecure = { execute: [oidc.allowInsecureRequests] };

/** A pool of the same Cognate acting as an OIDC provider: a confidential client whose callback is the app pool's idpresponse. */
export interface ProviderPool {
  poolId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  username: string;
  sub: string;
}

/** The pool the app signs in to, with the provider configured and a public client that names it. */
export interface AppPool {
  poolId: string;
  base: string;
  clientId: string;
  providerName: string;
}

export const poolBase = (server: TestServer, poolId: string) => `${server.services.settings.publicUrl}/${poolId}`;

/** Creates an empty app pool first, since the provider pool's client must know the app pool's idpresponse. */
export async function createPool(server: TestServer, input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
  const { UserPool } = await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'federation', ...input }));
  return UserPool!.Id!;
}

export async function createProviderPool(server: TestServer, callbacks: string[], username = 'carol'): Promise<ProviderPool> {
  const poolId = await createPool(server);
  const { UserPoolClient } = await server.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'federation',
      GenerateSecret: true,
      SupportedIdentityProviders: ['COGNITO'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: callbacks,
    }),
  );
  const { User } = await server.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@idp.example` },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Carol Provider' },
      ],
    }),
  );
  await server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  return {
    poolId,
    issuer: poolBase(server, poolId),
    clientId: UserPoolClient!.ClientId!,
    clientSecret: UserPoolClient!.ClientSecret!,
    username,
    sub: User!.Attributes!.find((a) => a.Name === 'sub')!.Value!,
  };
}

export async function addOidcProvider(
  server: TestServer,
  appPoolId: string,
  provider: { name: string; issuer: string; clientId: string; clientSecret?: string; method?: 'GET' | 'POST'; details?: Record<string, string> },
  mapping: Record<string, string> = { email: 'email', name: 'name' },
): Promise<void> {
  await server.cognito.send(
    new CreateIdentityProviderCommand({
      UserPoolId: appPoolId,
      ProviderName: provider.name,
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: provider.clientId,
        ...(provider.clientSecret ? { client_secret: provider.clientSecret } : {}),
        authorize_scopes: 'openid email profile',
        oidc_issuer: provider.issuer,
        attributes_request_method: provider.method ?? 'GET',
        ...provider.details,
      },
      AttributeMapping: mapping,
    }),
  );
}

export async function createAppClient(server: TestServer, poolId: string, providers: string[], extra: Partial<CreateUserPoolClientCommandInput> = {}): Promise<string> {
  const { UserPoolClient } = await server.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      SupportedIdentityProviders: providers,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code', 'implicit'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [APP_CALLBACK],
      ...extra,
    }),
  );
  return UserPoolClient!.ClientId!;
}

/** The app pool and a Cognate provider pool wired to each other (one server). */
export async function createFederation(server: TestServer, providerName = 'PoolB'): Promise<{ app: AppPool; idp: ProviderPool }> {
  const appPoolId = await createPool(server);
  const idp = await createProviderPool(server, [`${poolBase(server, appPoolId)}/oauth2/idpresponse`]);
  await addOidcProvider(server, appPoolId, { name: providerName, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
  const clientId = await createAppClient(server, appPoolId, [providerName]);
  return { app: { poolId: appPoolId, base: poolBase(server, appPoolId), clientId, providerName }, idp };
}

/**
 * The whole federated sign-in over plain HTTP: the app's authorize request, the provider pool's own
 * sign-in form filled in, and every redirect in between, up to the redirect back to the app.
 */
export async function signInThroughProvider(browser: FormBrowser, authorizeUrl: string, username: string, password = PASSWORD): Promise<Page> {
  const signInPage = await browser.follow(await browser.get(authorizeUrl));
  if (!signInPage.url.includes('/login?')) throw new Error(`expected the provider's sign-in page, got ${signInPage.status} ${signInPage.url} ${signInPage.location ?? ''}`);
  return browser.follow(await browser.submit(signInPage, 'cognitoSignInForm', { username, password }));
}

/** Follows every redirect, across servers, until the one back to the app (never followed) or a page. */
export async function followToApp(browser: FormBrowser, page: Page, max = 12): Promise<Page> {
  let current = page;
  for (let i = 0; i < max && current.location && !current.location.startsWith(APP_CALLBACK); i++) current = await browser.get(current.location);
  return current;
}

export const callbackParams = (page: Page): URLSearchParams => {
  if (!page.location?.startsWith(APP_CALLBACK)) throw new Error(`expected the app's callback, got ${page.status} ${page.location ?? page.url}: ${page.body.slice(0, 200)}`);
  const url = new URL(page.location);
  return url.hash ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
};
