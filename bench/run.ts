/**
 * `npm run bench`: starts Cognate (in memory, the demo seed) in its own process and measures the
 * requests users make most, with autocannon from this process. Prints each figure next to the
 * anchors in shared/reference/oauth-security-and-performance.md and Cognito's default quotas.
 * Figures, not assertions: nothing here fails a build.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { importScenario } from './import.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POOL = 'us-east-1_DemoPool1';
const PUBLIC_CLIENT = 'postmandemoclient000000001';
const SERVICE_CLIENT = 'servicedemoclient000000001';
const SERVICE_SECRET = 'demo0secret0do0not0use0in0production0000000000001';
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Scenario {
  name: string;
  request: autocannon.Request & { path: string };
  anchor: string;
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--in-memory', '--port', '0', '--seed', 'examples/seed.yaml', '--log-level', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function api(url: string, target: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${target}: ${JSON.stringify(json)}`);
  return json;
}

function run(url: string, scenario: Scenario): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: url + scenario.request.path, connections: CONNECTIONS, duration: DURATION, requests: [scenario.request] }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const signIn = await api(server.url, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: PUBLIC_CLIENT,
      AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' },
    });
    const accessToken = (signIn.AuthenticationResult as { AccessToken: string }).AccessToken;
    const amzJson = (target: string, body: unknown) => ({
      method: 'POST' as const,
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
      body: JSON.stringify(body),
    });
    const scenarios: Scenario[] = [
      {
        name: 'client_credentials at /oauth2/token (one RS256 signature)',
        request: {
          method: 'POST',
          path: `/${POOL}/oauth2/token`,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${SERVICE_CLIENT}:${SERVICE_SECRET}`).toString('base64')}`,
          },
          body: 'grant_type=client_credentials&scope=demo-api%2Fread',
        },
        anchor: 'Keycloak 120/s per vCPU (sizing guide), Hydra 411/s on 2 cores (in-memory), Zitadel 424/s; Cognito quota ~150 RPS',
      },
      {
        name: 'InitiateAuth USER_PASSWORD_AUTH (verifier + 2 RS256 signatures + refresh token)',
        request: amzJson('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: PUBLIC_CLIENT, AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } }),
        anchor: 'Keycloak 15 logins/s per vCPU; Zitadel 39 full logins/s; Cognito quota 120 RPS (UserAuthentication)',
      },
      {
        name: 'GetUser with an access token (RS256 verify + revocation and user checks)',
        request: amzJson('GetUser', { AccessToken: accessToken }),
        anchor: 'Cognito quota 120 RPS (UserRead)',
      },
      {
        name: 'DescribeUserPool (cached configuration)',
        request: amzJson('DescribeUserPool', { UserPoolId: POOL }),
        anchor: 'Cognito quota 15 RPS (UserPoolRead); Hydra fetching one client ~19,600/s',
      },
      {
        name: 'JWKS',
        request: { method: 'GET', path: `/${POOL}/.well-known/jwks.json` },
        anchor: 'static document',
      },
    ];
    console.log(`Cognate benchmark: ${CONNECTIONS} connections, ${DURATION} s per scenario, SQLite in memory, ${process.arch} Node ${process.version}\n`);
    for (const scenario of scenarios) {
      const result = await run(server.url, scenario);
      const ok = result.non2xx === 0 && result.errors === 0;
      console.log(`${scenario.name}`);
      console.log(
        `  ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${ok ? '' : `  (${result.non2xx} non-2xx, ${result.errors} errors)`}`,
      );
      console.log(`  compare: ${scenario.anchor}\n`);
    }
    await importScenario(server.url, api);
  } finally {
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
