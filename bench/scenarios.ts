/**
 * The operations issue 13 measures, each as prepared requests (or a flow of several) against a
 * running Cognate seeded with bench/seed.yaml.
 */
import { randomBytes } from 'node:crypto';
import { poolNameOf } from '../src/core/ids.js';
import { claimSignature, formatSrpTimestamp, hkdf } from '../src/crypto/srp-server.js';
import { N, computeX, g, hexHash, k, modPowN, padHex } from '../src/crypto/srp.js';
import { DEMO_PASSWORD, DEMO_USER, LOGIN_USERS, POOL, PUBLIC_CLIENT, SERVICE_CLIENT, SERVICE_SECRET, apiOf } from './cognate.js';
import type { Measured, Prepared } from './load.js';
import { cannon, flows } from './load.js';

export type ScenarioId =
  | 'client-credentials'
  | 'admin-initiate-auth'
  | 'user-srp-auth'
  | 'code-flow'
  | 'refresh'
  | 'get-user'
  | 'jwks'
  | 'discovery'
  | 'admin-create-user'
  | 'list-users';

export interface ScenarioInfo {
  id: ScenarioId;
  title: string;
  /** What one operation is, when it is more than one request. */
  op?: string;
}

export const SCENARIOS: readonly ScenarioInfo[] = [
  { id: 'client-credentials', title: 'client-credentials grant (/oauth2/token)' },
  { id: 'admin-initiate-auth', title: 'AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH' },
  { id: 'user-srp-auth', title: 'USER_SRP_AUTH end to end', op: 'InitiateAuth + RespondToAuthChallenge' },
  { id: 'code-flow', title: 'hosted-UI authorization-code flow', op: 'authorize, login page, sign-in POST, token' },
  { id: 'refresh', title: 'InitiateAuth REFRESH_TOKEN_AUTH' },
  { id: 'get-user', title: 'GetUser with an access token' },
  { id: 'jwks', title: 'JWKS (/.well-known/jwks.json)' },
  { id: 'discovery', title: 'discovery (/.well-known/openid-configuration)' },
  { id: 'admin-create-user', title: 'AdminCreateUser (a new name each request)' },
  { id: 'list-users', title: 'ListUsers username prefix filter (10 matches), 100,000-user pool' },
];

export const amzJson = (target: string, body: unknown): Prepared => ({
  method: 'POST',
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
  body: JSON.stringify(body),
});

export const clientCredentials = (tokenPath = `/${POOL}/oauth2/token`, client = SERVICE_CLIENT, secret = SERVICE_SECRET, form = 'grant_type=client_credentials&scope=demo-api%2Fread'): Prepared => ({
  method: 'POST',
  path: tokenPath,
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}` },
  body: form,
});

/** AdminInitiateAuth with a password, taking turns over `usernames`. */
export function adminLogin(usernames: readonly string[] = LOGIN_USERS, password = DEMO_PASSWORD, poolId = POOL, clientId = PUBLIC_CLIENT): Prepared {
  const body = (n: number) =>
    JSON.stringify({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: usernames[n % usernames.length], PASSWORD: password } });
  return { ...amzJson('AdminInitiateAuth', {}), body: body(0), vary: body };
}

export interface Context {
  url: string;
  pid: number;
  /** Prefix of the 100,000-user pool's names, for the ListUsers filter. */
  listPrefix: string;
}

/** One scenario's figures on the running server. */
export async function runScenario(id: ScenarioId, ctx: Context): Promise<Measured> {
  const api = apiOf(ctx.url);
  switch (id) {
    case 'client-credentials':
      return cannon(ctx.pid, ctx.url, clientCredentials());
    case 'admin-initiate-auth':
      return cannon(ctx.pid, ctx.url, adminLogin());
    case 'user-srp-auth':
      return flows(ctx.pid, srpFlow(ctx.url));
    case 'code-flow': {
      let turn = 0;
      return flows(ctx.pid, () => codeFlow(ctx.url, LOGIN_USERS[turn++ % LOGIN_USERS.length]!));
    }
    case 'refresh': {
      const tokens = await signIn(api);
      return cannon(ctx.pid, ctx.url, amzJson('InitiateAuth', { ClientId: PUBLIC_CLIENT, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
    }
    case 'get-user': {
      const tokens = await signIn(api);
      return cannon(ctx.pid, ctx.url, amzJson('GetUser', { AccessToken: tokens.AccessToken }));
    }
    case 'jwks':
      return cannon(ctx.pid, ctx.url, { method: 'GET', path: `/${POOL}/.well-known/jwks.json` });
    case 'discovery':
      return cannon(ctx.pid, ctx.url, { method: 'GET', path: `/${POOL}/.well-known/openid-configuration` });
    case 'admin-create-user': {
      const run = randomBytes(4).toString('hex');
      const body = (n: number) =>
        JSON.stringify({ UserPoolId: POOL, Username: `new-${run}-${n}`, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp0rary!pass', UserAttributes: [{ Name: 'email', Value: `new-${run}-${n}@example.com` }] });
      return cannon(ctx.pid, ctx.url, { ...amzJson('AdminCreateUser', {}), vary: body });
    }
    case 'list-users':
      return cannon(ctx.pid, ctx.url, amzJson('ListUsers', { UserPoolId: POOL, Filter: `username ^= "${ctx.listPrefix}"`, Limit: 60 }));
  }
}

async function signIn(api: ReturnType<typeof apiOf>): Promise<{ AccessToken: string; RefreshToken: string }> {
  const result = await api('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: PUBLIC_CLIENT, AuthParameters: { USERNAME: DEMO_USER, PASSWORD: DEMO_PASSWORD } });
  return result.AuthenticationResult as { AccessToken: string; RefreshToken: string };
}

async function post(url: string, target: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * USER_SRP_AUTH as amazon-cognito-identity-js does it; one operation is the pair of requests. The
 * client's ephemerals are made before the run and reused in turn, and g^x once the salt is known,
 * so the load generator does one exponentiation per pair (its CPU is not in the server's figure).
 */
function srpFlow(url: string): () => Promise<string | undefined> {
  const poolName = poolNameOf(POOL);
  const ephemerals = Array.from({ length: 32 }, () => {
    const a = BigInt(`0x${randomBytes(128).toString('hex')}`);
    return { a, A: modPowN(g, a) };
  });
  let turn = 0;
  const known = new Map<string, { salt: string; x: bigint; gx: bigint }>();
  return async () => {
    const n = turn++;
    const { a, A } = ephemerals[n % ephemerals.length]!;
    const username = LOGIN_USERS[n % LOGIN_USERS.length]!;
    const init = await post(url, 'InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: PUBLIC_CLIENT, AuthParameters: { USERNAME: username, SRP_A: A } });
    if (init.status !== 200) return `InitiateAuth ${init.status} ${JSON.stringify(init.json).slice(0, 200)}`;
    const params = init.json.ChallengeParameters as Record<string, string>;
    const userId = params.USER_ID_FOR_SRP!;
    let gx = known.get(userId);
    if (gx?.salt !== params.SALT) {
      const x = BigInt(`0x${computeX(poolName, userId, DEMO_PASSWORD, params.SALT!)}`);
      gx = { salt: params.SALT!, x, gx: BigInt(`0x${modPowN(g, x)}`) };
      known.set(userId, gx);
    }
    const B = BigInt(`0x${params.SRP_B!}`);
    const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
    const base = (((B - k * gx.gx) % N) + N) % N;
    const S = modPowN(base, a + u * gx.x);
    const key = hkdf(u.toString(16), S);
    const timestamp = formatSrpTimestamp(Date.now());
    const respond = await post(url, 'RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: PUBLIC_CLIENT,
      Session: init.json.Session,
      ChallengeResponses: {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: claimSignature(key, poolName, userId, Buffer.from(params.SECRET_BLOCK!, 'base64'), timestamp),
      },
    });
    if (respond.status !== 200) return `RespondToAuthChallenge ${respond.status} ${JSON.stringify(respond.json).slice(0, 200)}`;
    return undefined;
  };
}

const REDIRECT_URI = 'http://127.0.0.1/callback';

/** The hosted UI as a browser without JavaScript walks it: four requests, one operation. */
async function codeFlow(url: string, username: string): Promise<string | undefined> {
  const query = `response_type=code&client_id=${PUBLIC_CLIENT}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=openid`;
  const authorize = await fetch(`${url}/${POOL}/oauth2/authorize?${query}`, { redirect: 'manual' });
  await authorize.arrayBuffer();
  const loginUrl = authorize.headers.get('location');
  if (authorize.status !== 302 || !loginUrl) return `authorize ${authorize.status}`;
  const page = await fetch(new URL(loginUrl, url), { redirect: 'manual' });
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form name="cognitoSignInForm" method="post" action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (page.status !== 200 || !csrf || !action) return `login page ${page.status}`;
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const signIn = await fetch(new URL(action, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, username, password: DEMO_PASSWORD }).toString(),
  });
  const answer = await signIn.text();
  const code = new URL(signIn.headers.get('location') ?? 'x:', url).searchParams.get('code');
  if (signIn.status !== 303 && signIn.status !== 302) return `sign-in POST ${signIn.status} ${/class="error[^>]*>([^<]*)/.exec(answer)?.[1] ?? ''}`;
  if (!code) return 'sign-in POST: no code in the redirect';
  const token = await fetch(`${url}/${POOL}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: PUBLIC_CLIENT, code, redirect_uri: REDIRECT_URI }).toString(),
  });
  const body = await token.text();
  return token.status === 200 ? undefined : `token ${token.status} ${body.slice(0, 200)}`;
}
