/**
 * cognito-local (the only Cognito emulator on npm), installed on demand into bench/.peers (gitignored)
 * at a pinned version, run as its users run it (`cognito-local`, default logging) from a temporary
 * folder for its JSON files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, apiOf } from '../cognate.js';
import type { Measured } from '../load.js';
import { cannon } from '../load.js';
import type { Running } from '../process.js';
import { ROOT, startProcess } from '../process.js';
import { adminLogin, amzJson } from '../scenarios.js';

export const COGNITO_LOCAL_VERSION = '5.3.0';
const PREFIX = join(ROOT, 'bench', '.peers');
const START = join(PREFIX, 'node_modules', 'cognito-local', 'lib', 'bin', 'start.js');

/** The start script, installing the package first if needed; undefined (with the reason printed) when it cannot be had. */
export function ensureCognitoLocal(): string | undefined {
  if (existsSync(START)) return START;
  console.log(`installing cognito-local@${COGNITO_LOCAL_VERSION} into bench/.peers (first run only)...`);
  try {
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--no-save', `cognito-local@${COGNITO_LOCAL_VERSION}`], { stdio: 'pipe', timeout: 300_000 });
  } catch (error) {
    console.log(`cognito-local could not be installed (offline?): ${String(error).split('\n')[0]}; its comparisons are skipped`);
    return undefined;
  }
  return existsSync(START) ? START : undefined;
}

export async function startCognitoLocal(start: string): Promise<Running & { dispose(): void }> {
  const cwd = mkdtempSync(join(tmpdir(), 'cognito-local-bench-'));
  const running = await startProcess({ args: [start], cwd, env: { PORT: '0', HOST: '127.0.0.1' }, ready: /running on (http:\/\/[\d.]+:\d+)/ });
  return {
    ...running,
    stop: async () => {
      await running.stop();
      rmSync(cwd, { recursive: true, force: true });
    },
    dispose: () => rmSync(cwd, { recursive: true, force: true }),
  };
}

export type CognitoLocalScenario = 'admin-initiate-auth' | 'get-user' | 'admin-create-user' | 'list-users';

/** The Cognito operations cognito-local has, on the same prepared requests as Cognate's (its pool: email as username). */
export async function cognitoLocalScenarios(running: Running, wanted: readonly CognitoLocalScenario[]): Promise<Map<CognitoLocalScenario, Measured>> {
  const api = apiOf(running.url);
  const pool = ((await api('CreateUserPool', { PoolName: 'bench' })).UserPool as { Id: string }).Id;
  const client = ((await api('CreateUserPoolClient', { UserPoolId: pool, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).UserPoolClient as { ClientId: string })
    .ClientId;
  const username = 'demo@example.com';
  await api('AdminCreateUser', { UserPoolId: pool, Username: username, TemporaryPassword: DEMO_PASSWORD, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: username }] });
  await api('AdminSetUserPassword', { UserPoolId: pool, Username: username, Password: DEMO_PASSWORD, Permanent: true });
  const results = new Map<CognitoLocalScenario, Measured>();
  for (const id of wanted) {
    if (id === 'admin-initiate-auth') results.set(id, await cannon(running.pid, running.url, adminLogin([username], DEMO_PASSWORD, pool, client)));
    if (id === 'get-user') {
      const tokens = (await api('InitiateAuth', { ClientId: client, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: DEMO_PASSWORD } })).AuthenticationResult as { AccessToken: string };
      results.set(id, await cannon(running.pid, running.url, amzJson('GetUser', { AccessToken: tokens.AccessToken })));
    }
    if (id === 'admin-create-user') {
      const body = (n: number) =>
        JSON.stringify({ UserPoolId: pool, Username: `new${n}@example.com`, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp0rary!pass', UserAttributes: [{ Name: 'email', Value: `new${n}@example.com` }] });
      results.set(id, await cannon(running.pid, running.url, { ...amzJson('AdminCreateUser', {}), vary: body }));
    }
    // Its pool holds the users AdminCreateUser made above, not 100,000: cognito-local keeps users in one JSON file.
    if (id === 'list-users') results.set(id, await cannon(running.pid, running.url, amzJson('ListUsers', { UserPoolId: pool, Filter: 'email ^= "new1"', Limit: 60 })));
  }
  return results;
}
