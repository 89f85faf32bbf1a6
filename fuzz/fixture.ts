import { randomBytes } from 'node:crypto';

/**
 * Realistic state for the fuzzer to aim at, made through the server's own API and pages: a pool
 * with a domain, a resource server, clients with and without a secret, a confirmed user, a user
 * with a temporary password, a group, and the credentials a caller would hold: tokens, a challenge
 * Session, an authorization code, the SSO cookie, the hosted sign-in cookie and a CSRF token.
 */
export interface Fixture {
  url: string;
  poolId: string;
  domain: string;
  /** `<url>/<poolId>`. */
  base: string;
  publicClientId: string;
  secretClientId: string;
  secret: string;
  machineClientId: string;
  machineSecret: string;
  username: string;
  tempUsername: string;
  password: string;
  group: string;
  callback: string;
  logoutUri: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** The Session of a NEW_PASSWORD_REQUIRED challenge. */
  session: string;
  /** A code already redeemed, and one still live. */
  usedCode: string;
  liveCode: string;
  verifier: string;
  challenge: string;
  ssoCookie: string;
  signInCookie: string;
  csrf: string;
  /** Every cookie the hosted UI set, as `name=value` pairs. */
  cookies: Record<string, string>;
}

export const FIXTURE_PASSWORD = 'Passw0rd!';
const VERIFIER = 'fuzz-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
const CHALLENGE = 'oMGBJDm5bwJzWpUdm9sj4DVNHvSsmfAaVkVkxm7HDJE'; // S256 of VERIFIER, checked below

export async function apiCall(url: string, operation: string, input: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, host: new URL(url).host },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`fixture: ${operation} answered ${res.status} ${JSON.stringify(body)}`);
  return body;
}

function setCookies(res: Response, jar: Record<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair!.indexOf('=');
    const name = pair!.slice(0, i);
    const value = pair!.slice(i + 1);
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') delete jar[name];
    else jar[name] = value;
  }
}

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

export async function createFixture(url: string): Promise<Fixture> {
  const { createHash } = await import('node:crypto');
  if (createHash('sha256').update(VERIFIER).digest('base64url') !== CHALLENGE) throw new Error('fixture: PKCE constants disagree');
  const pool = (await apiCall(url, 'CreateUserPool', {
    PoolName: 'fuzz',
    Schema: [{ Name: 'nick', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } }],
    AutoVerifiedAttributes: ['email'],
  })).UserPool as { Id: string };
  const poolId = pool.Id;
  const domain = `fz${randomBytes(5).toString('hex')}`;
  await apiCall(url, 'CreateUserPoolDomain', { UserPoolId: poolId, Domain: domain });
  await apiCall(url, 'CreateResourceServer', { UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }] });
  const callback = 'https://app.example/callback';
  const logoutUri = 'https://app.example/signed-out';
  const oauth = {
    SupportedIdentityProviders: ['COGNITO'],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    CallbackURLs: [callback],
    LogoutURLs: [logoutUri],
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
  };
  const pub = (await apiCall(url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'spa', AllowedOAuthFlows: ['code', 'implicit'], ...oauth })).UserPoolClient as { ClientId: string };
  const conf = (await apiCall(url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'web', GenerateSecret: true, AllowedOAuthFlows: ['code'], ...oauth })).UserPoolClient as {
    ClientId: string;
    ClientSecret: string;
  };
  const machine = (await apiCall(url, 'CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: 'machine',
    GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['client_credentials'],
    AllowedOAuthScopes: ['orders/read'],
  })).UserPoolClient as { ClientId: string; ClientSecret: string };
  const username = 'alice';
  const tempUsername = 'tina';
  await apiCall(url, 'AdminCreateUser', {
    UserPoolId: poolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await apiCall(url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: FIXTURE_PASSWORD, Permanent: true });
  await apiCall(url, 'AdminCreateUser', { UserPoolId: poolId, Username: tempUsername, MessageAction: 'SUPPRESS', TemporaryPassword: FIXTURE_PASSWORD });
  const group = 'admins';
  await apiCall(url, 'CreateGroup', { UserPoolId: poolId, GroupName: group, Description: 'fuzz group', Precedence: 1 });
  await apiCall(url, 'AdminAddUserToGroup', { UserPoolId: poolId, Username: username, GroupName: group });

  const auth = (await apiCall(url, 'InitiateAuth', { ClientId: pub.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: FIXTURE_PASSWORD } }))
    .AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string };
  const challenge = await apiCall(url, 'InitiateAuth', { ClientId: pub.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: tempUsername, PASSWORD: FIXTURE_PASSWORD } });

  // The hosted UI, as a browser drives it: the CSRF cookie, a sign-in, the SSO cookie and codes.
  const base = `${url}/${poolId}`;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: pub.ClientId,
    redirect_uri: callback,
    scope: 'openid email',
    state: 's',
    nonce: 'n',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  }).toString();
  const jar: Record<string, string> = {};
  const page = await fetch(`${base}/login?${query}`, { redirect: 'manual' });
  setCookies(page, jar);
  await page.text();
  const csrf = jar['XSRF-TOKEN'];
  if (!csrf) throw new Error('fixture: no CSRF cookie on /login');
  const signIn = async (user: string) => {
    const res = await fetch(`${base}/login?${query}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
      body: new URLSearchParams({ _csrf: csrf, username: user, password: FIXTURE_PASSWORD }),
    });
    await res.text();
    return res;
  };
  const ssoJar: Record<string, string> = {};
  const first = await signIn(username);
  setCookies(first, ssoJar);
  const codeOf = (res: Response) => {
    const location = res.headers.get('location') ?? '';
    const code = location.startsWith(callback) ? new URL(location).searchParams.get('code') : null;
    if (!code) throw new Error(`fixture: sign-in did not reach the callback: ${res.status} ${location}`);
    return code;
  };
  const usedCode = codeOf(first);
  const redeem = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: pub.ClientId, code: usedCode, redirect_uri: callback, code_verifier: VERIFIER }),
  });
  if (redeem.status !== 200) throw new Error(`fixture: code redemption answered ${redeem.status} ${await redeem.text()}`);
  await redeem.text();
  const liveCode = codeOf(await signIn(username));
  const ssoName = Object.keys(ssoJar).find((n) => n !== 'XSRF-TOKEN' && !/signin/.test(n));
  const tempJar: Record<string, string> = {};
  setCookies(await signIn(tempUsername), tempJar);
  const signInName = Object.keys(tempJar).find((n) => /signin/.test(n));
  if (!ssoName || !signInName) throw new Error(`fixture: missing hosted UI cookies: ${Object.keys(ssoJar)} / ${Object.keys(tempJar)}`);
  Object.assign(jar, ssoJar, tempJar);

  return {
    url,
    poolId,
    domain,
    base,
    publicClientId: pub.ClientId,
    secretClientId: conf.ClientId,
    secret: conf.ClientSecret,
    machineClientId: machine.ClientId,
    machineSecret: machine.ClientSecret,
    username,
    tempUsername,
    password: FIXTURE_PASSWORD,
    group,
    callback,
    logoutUri,
    accessToken: auth.AccessToken,
    idToken: auth.IdToken,
    refreshToken: auth.RefreshToken,
    session: challenge.Session as string,
    usedCode,
    liveCode,
    verifier: VERIFIER,
    challenge: CHALLENGE,
    ssoCookie: `${ssoName}=${jar[ssoName]}`,
    signInCookie: `${signInName}=${jar[signInName]}`,
    csrf,
    cookies: jar,
  };
}
