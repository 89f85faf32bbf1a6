import { randomBytes } from 'node:crypto';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** A pool with a public client for user sign-ins and a confidential one for client credentials. */
export interface LoadPool {
  poolId: string;
  clientId: string;
  machineClientId: string;
  machineSecret: string;
}

export const PASSWORD = 'Passw0rd!one';
export const NEW_PASSWORD = 'Passw0rd!two';

export async function createLoadPool(cognito: CognitoIdentityProviderClient): Promise<LoadPool> {
  const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'load' }))).UserPool!.Id!;
  await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `load${randomBytes(4).toString('hex')}` }));
  await cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }] }));
  const client = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  return createMachineClient(cognito, { poolId, clientId: client.UserPoolClient!.ClientId!, machineClientId: '', machineSecret: '' });
}

/** The pool with a new confidential client for client credentials in place of the one it had. */
export async function createMachineClient(cognito: CognitoIdentityProviderClient, pool: LoadPool): Promise<LoadPool> {
  const machine = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool.poolId,
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['orders/read'],
    }),
  );
  return { ...pool, machineClientId: machine.UserPoolClient!.ClientId!, machineSecret: machine.UserPoolClient!.ClientSecret! };
}

export async function createUser(cognito: CognitoIdentityProviderClient, pool: LoadPool, username: string, password = PASSWORD): Promise<void> {
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: password, Permanent: true }));
}

/** A write the server acknowledged, and how to check after a crash that it is still there. */
export type AcknowledgedWrite =
  | { kind: 'user'; username: string }
  | { kind: 'password'; username: string; password: string }
  | { kind: 'grant'; refreshToken: string };

export async function signIn(cognito: CognitoIdentityProviderClient, pool: LoadPool, username: string, password: string) {
  const { AuthenticationResult } = await cognito.send(
    new AdminInitiateAuthCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  return AuthenticationResult!;
}

/** Throws unless the acknowledged write is visible through the API. */
export async function assertPresent(cognito: CognitoIdentityProviderClient, pool: LoadPool, write: AcknowledgedWrite): Promise<void> {
  switch (write.kind) {
    case 'user':
      await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: write.username }));
      return;
    case 'password':
      await signIn(cognito, pool, write.username, write.password);
      return;
    case 'grant': {
      const { AuthenticationResult } = await cognito.send(
        new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: write.refreshToken } }),
      );
      if (!AuthenticationResult?.AccessToken) throw new Error('the refresh token gave no access token');
    }
  }
}

/** The three writes of the mixed load: a sign-up, a password change, a token grant (a stored refresh token). */
export function mixedWrite(cognito: CognitoIdentityProviderClient, pool: LoadPool, i: number, existingUser: string, grantUser: string): () => Promise<AcknowledgedWrite> {
  switch (i % 3) {
    case 0:
      return async () => {
        const username = `signup-${i}`;
        await cognito.send(new SignUpCommand({ ClientId: pool.clientId, Username: username, Password: PASSWORD }));
        return { kind: 'user', username };
      };
    case 1:
      return async () => {
        await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: existingUser, Password: NEW_PASSWORD, Permanent: true }));
        return { kind: 'password', username: existingUser, password: NEW_PASSWORD };
      };
    default:
      return async () => ({ kind: 'grant', refreshToken: (await signIn(cognito, pool, grantUser, PASSWORD)).RefreshToken! });
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs a fixed list of operations with a few at a time, as a burst of clients would. `acknowledged`
 * resolves once n operations have succeeded, so a test can act in the middle of the burst.
 */
export class Burst<T> {
  readonly outcomes: Outcome<T>[] = [];
  private acks = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  readonly done: Promise<Outcome<T>[]>;

  constructor(operations: (() => Promise<T>)[], concurrency: number) {
    let next = 0;
    const worker = async () => {
      while (next < operations.length) {
        const index = next++;
        try {
          this.outcomes[index] = { ok: true, value: await operations[index]!() };
          this.acks++;
          this.waiters = this.waiters.filter((w) => (w.n <= this.acks ? (w.resolve(), false) : true));
        } catch (error) {
          this.outcomes[index] = { ok: false, error };
        }
      }
    };
    this.done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
      // Whoever waits for more acknowledgements than the burst produced must not hang.
      for (const w of this.waiters) w.resolve();
      return this.outcomes;
    });
  }

  acknowledged(n: number): Promise<void> {
    if (this.acks >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  get values(): T[] {
    return this.outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  }

  get errors(): unknown[] {
    return this.outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  }
}

/** client_credentials at the pool's token endpoint; resolves with the status and the body. */
export async function clientCredentials(baseUrl: string, pool: LoadPool, clientId = pool.machineClientId, secret = pool.machineSecret) {
  const res = await fetch(`${baseUrl}/${pool.poolId}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}
