/**
 * The server's CPU per operation on the hot paths, in RS256 signatures' worth, for profiling work
 * (`npm run bench` is the full benchmark). Reads the server process's utime+stime from /proc, so the
 * load generator's own CPU does not count.
 *
 *   npx tsx bench/profile-hotpaths.ts [scenario ...]
 *   PROFILE_SECONDS=4 PROFILE_ROUNDS=2 PROFILE_CPU_DIR=/tmp/prof PROFILE_TSX=1 npx tsx bench/profile-hotpaths.ts cc
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POOL = 'us-east-1_DemoPool1';
const SERVICE_CLIENT = 'servicedemoclient000000001';
const SERVICE_SECRET = 'demo0secret0do0not0use0in0production0000000000001';
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 4);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 2);
const CPU_DIR = process.env.PROFILE_CPU_DIR;

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** CPU microseconds of one RS256 signature with a 2048-bit key, best of a few rounds. */
function signatureMicros(): number {
  const data = Buffer.alloc(600, 1);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 100; i++) sign('sha256', data, privateKey);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 100);
  }
  return best;
}

async function startServer(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const args = [
    ...(CPU_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_DIR] : []),
    ...(process.env.PROFILE_TSX ? ['--import', 'tsx', 'src/cli/main.ts'] : ['bin/cognate.js']),
    'serve', '--in-memory', '--port', '0', '--seed', 'examples/seed.yaml', '--log-level', 'error',
    ...(process.env.PROFILE_ARGS ? process.env.PROFILE_ARGS.split(' ') : []),
  ];
  const child = spawn(process.execPath, args, { cwd: process.env.PROFILE_ROOT ?? ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { url, pid: child.pid!, stop: async () => void (child.kill('SIGINT'), await exited) };
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

const amzJson = (target: string, body: unknown): autocannon.Request => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
  body: JSON.stringify(body),
});

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sig = signatureMicros();
  console.log(`one RS256 signature: ${sig.toFixed(0)} µs CPU`);
  const server = await startServer();
  try {
    const created = await api(server.url, 'CreateUserPoolClient', {
      UserPoolId: POOL,
      ClientName: 'profile',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const adminClient = (created.UserPoolClient as { ClientId: string }).ClientId;
    const login = { AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', UserPoolId: POOL, ClientId: adminClient, AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } };
    const signIn = await api(server.url, 'AdminInitiateAuth', login);
    const accessToken = (signIn.AuthenticationResult as { AccessToken: string }).AccessToken;
    const scenarios: { name: string; target: number; request: autocannon.Request & { path: string } }[] = [
      {
        name: 'cc',
        target: 1.3,
        request: {
          method: 'POST',
          path: `/${POOL}/oauth2/token`,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${SERVICE_CLIENT}:${SERVICE_SECRET}`).toString('base64')}`,
          },
          body: 'grant_type=client_credentials&scope=demo-api%2Fread',
        },
      },
      { name: 'login', target: 6.5, request: { ...amzJson('AdminInitiateAuth', login), path: '/' } },
      { name: 'getuser', target: 0.3, request: { ...amzJson('GetUser', { AccessToken: accessToken }), path: '/' } },
      { name: 'jwks', target: 0.3, request: { method: 'GET', path: `/${POOL}/.well-known/jwks.json` } },
      { name: 'discovery', target: 0.3, request: { method: 'GET', path: `/${POOL}/.well-known/openid-configuration` } },
    ];
    for (const scenario of scenarios.filter((s) => only.length === 0 || only.includes(s.name))) {
      // The machine is shared: the signature is measured again beside each round, and the best ratio kept.
      let worth = Infinity;
      let best = 0;
      let rate = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const sigNow = signatureMicros();
        const before = cpuTicks(server.pid);
        const result = await autocannon({ url: server.url + scenario.request.path, connections: 10, duration: SECONDS, requests: [scenario.request] });
        const used = ((cpuTicks(server.pid) - before) * 10_000) / result.requests.total;
        const sigAfter = signatureMicros();
        if (result.non2xx || result.errors) console.log(`  ${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        const ratio = used / ((sigNow + sigAfter) / 2);
        if (ratio < worth) [worth, best, rate] = [ratio, used, result.requests.average];
      }
      console.log(`${scenario.name.padEnd(10)} ${best.toFixed(0).padStart(6)} µs/op  ${worth.toFixed(2)} sigs (target ≤ ${scenario.target}${worth <= scenario.target ? ', met' : ', MISSED'})  ${Math.round(rate)} req/s`);
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
