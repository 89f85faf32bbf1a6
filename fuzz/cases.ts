import type { Operation } from '../src/api/operation.js';
import type { Fixture } from './fixture.js';
import type { Rng } from './prng.js';
import { mutate, NASTY_STRINGS, nastyString, nest, plausible, RawJson, setKnownValues, toJsonText } from './values.js';

/**
 * One fuzz request. `protocol` says which error shape the answer must have: the Cognito API's
 * `{__type, message}`, an OAuth JSON error, an HTML page, Cognate's admin JSON, or only "no 5xx"
 * (`any`, for requests the HTTP layer itself refuses).
 */
export type Protocol = 'api' | 'oauth-json' | 'page' | 'admin' | 'any';

export interface HttpCase {
  kind: 'http';
  protocol: Protocol;
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  what: string;
}

/** Bytes written to a socket as they are: header values no client library would send. */
export interface RawCase {
  kind: 'raw';
  protocol: 'any';
  bytes: Buffer;
  what: string;
}

export type FuzzCase = HttpCase | RawCase;

export interface Target {
  fx: Fixture;
  /** `host:port` of the server (what the admin API's Host check accepts). */
  host: string;
  operations: Operation[];
}

// ---------------------------------------------------------------------------------------------
// Encoding helpers: hostile strings must reach the server as they are, including lone surrogates
// (encodeURIComponent throws on them), so these encode code unit by code unit.

function utf8Loose(text: string): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      parts.push(Buffer.from(text.slice(i, i + 2), 'utf8'));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // The CESU-8 bytes of a lone surrogate: what a careless encoder produces.
      parts.push(Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]));
    } else parts.push(Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.concat(parts);
}

export const pct = (text: string): string =>
  [...utf8Loose(text)].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

type Params = [string, string][];
const encodeParams = (params: Params): string => params.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');

/** Broken percent-encodings, placed into a query or form as they are. */
const RAW_ENCODED = ['%ZZ', '%', '%F', '%FF%FE', '%C0%80', '%ED%A0%80', '%00', '%E2%82', '+%2B+', '%25%30%30'];

/** A hostile change to a parameter list: a nasty value, a repeat, a removal, a broken encoding. */
function mutateParams(params: Params, rng: Rng): { params: Params; raw?: string } {
  const out = params.map(([k, v]) => [k, v] as [string, string]);
  const changes = 1 + rng.int(2);
  let raw: string | undefined;
  for (let i = 0; i < changes; i++) {
    const index = rng.int(Math.max(1, out.length));
    const action = rng.int(8);
    if (out.length === 0 || action === 0) out.push([rng.pick(['extra', 'a\u0000', '__proto__', 'constructor', '']), nastyString(rng)]);
    else if (action === 1) out.push([out[index]![0], rng.chance(0.5) ? out[index]![1] : 'other']);
    else if (action === 2) out.splice(index, 1);
    else if (action === 3) raw = `${pct(out[index]![0])}=${rng.pick(RAW_ENCODED)}`;
    else out[index] = [out[index]![0], nastyString(rng)];
  }
  return { params: out, raw };
}

function queryOf(params: Params, rng: Rng, hostile: boolean): string {
  if (!hostile) return encodeParams(params);
  const m = mutateParams(params, rng);
  return [encodeParams(m.params), m.raw].filter((s) => s !== undefined && s !== '').join('&');
}

// ---------------------------------------------------------------------------------------------
// Tampering with credentials.

function flip(text: string, rng: Rng): string {
  if (text === '') return 'x';
  const i = rng.int(text.length);
  const c = text[i]!;
  const swapped = c === 'A' ? 'B' : c === 'a' ? 'b' : c === '0' ? '1' : 'A';
  return text.slice(0, i) + swapped + text.slice(i + 1);
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');

export function tamperToken(token: string, rng: Rng): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return rng.pick<() => string>([
    () => flip(token, rng),
    () => `${header}.${payload}.${flip(signature, rng)}`,
    () => `${header}.${flip(payload, rng)}.${signature}`,
    () => `${b64url('{"alg":"none","typ":"JWT"}')}.${payload}.`,
    () => `${b64url('{"alg":"HS256","kid":"../../../../etc/passwd"}')}.${payload}.${signature}`,
    () => `${b64url('{"alg":"RS256","kid":"\u0000"}')}.${payload}.${signature}`,
    () => `${header}.${b64url('{"sub":"x","exp":1e999,"token_use":"access","client_id":["a","b"]}')}.${signature}`,
    () => `${header}.${b64url('[]')}.${signature}`,
    () => token.slice(0, rng.int(token.length)),
    () => `${token}.${token}`,
    () => 'a.b.c',
    () => '...',
    () => 'x'.repeat(9_000),
    () => nastyString(rng),
  ])();
}

/** An opaque value (code, session, cookie) changed the way an attacker would try. */
function tamperOpaque(value: string, rng: Rng): string {
  return rng.pick<() => string>([
    () => flip(value, rng),
    () => value.slice(0, rng.int(value.length)),
    () => value + value,
    () => value.split('').reverse().join(''),
    () => Buffer.from(value).toString('base64'),
    () => nastyString(rng),
    () => 'A'.repeat(9_000),
  ])();
}

// ---------------------------------------------------------------------------------------------
// The Cognito JSON API.

function knownValues(fx: Fixture): Record<string, (rng: Rng) => unknown> {
  const client = (rng: Rng) => rng.pick([fx.publicClientId, fx.publicClientId, fx.secretClientId, fx.machineClientId]);
  const username = (rng: Rng) => rng.pick([fx.username, fx.username, fx.tempUsername, 'nobody', 'alice@example.com']);
  return {
    UserPoolId: (rng) => (rng.chance(0.9) ? fx.poolId : 'us-east-1_Nope12345'),
    ClientId: client,
    Username: username,
    Password: () => fx.password,
    PreviousPassword: () => fx.password,
    ProposedPassword: () => 'N3w-Passw0rd!',
    TemporaryPassword: () => 'Temp-Passw0rd1!',
    AccessToken: (rng) => (rng.chance(0.7) ? fx.accessToken : tamperToken(fx.accessToken, rng)),
    Token: (rng) => (rng.chance(0.5) ? fx.refreshToken : tamperOpaque(fx.refreshToken, rng)),
    Session: (rng) => (rng.chance(0.6) ? fx.session : tamperOpaque(fx.session, rng)),
    GroupName: (rng) => rng.pick([fx.group, 'other']),
    Domain: (rng) => rng.pick([fx.domain, 'nodomain']),
    Identifier: () => 'orders',
    ConfirmationCode: () => '123456',
    Filter: (rng) => rng.pick(['email ^= "a"', 'username = "alice"', 'status = "Enabled"', 'sub = "x"', 'name = "\\"', 'email ^= "%_"']),
    CSS: () => '.banner-customizable { background-color: #fff; }',
    AuthFlow: (rng) => rng.pick(['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'USER_SRP_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'CUSTOM_AUTH']),
    AuthParameters: (rng) =>
      rng.pick([
        { USERNAME: fx.username, PASSWORD: 'wrong-password' },
        { REFRESH_TOKEN: fx.refreshToken },
        { USERNAME: fx.username, SRP_A: 'ff'.repeat(384) },
        { USERNAME: fx.username, SRP_A: '0' },
        { USERNAME: fx.username, PASSWORD: 'x', SECRET_HASH: 'bm9wZQ==' },
      ]),
    ChallengeName: (rng) => rng.pick(['NEW_PASSWORD_REQUIRED', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'SELECT_MFA_TYPE']),
    ChallengeResponses: (rng) =>
      rng.pick([
        { USERNAME: fx.tempUsername, NEW_PASSWORD: 'short' },
        { USERNAME: fx.username, PASSWORD_CLAIM_SIGNATURE: 'AAAA', PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA', TIMESTAMP: 'Mon Jan 1 00:00:00 UTC 2024' },
        { USERNAME: fx.username, SOFTWARE_TOKEN_MFA_CODE: '000000' },
      ]),
    UserAttributes: (rng) => [rng.pick([{ Name: 'email', Value: 'x@example.com' }, { Name: 'custom:nick', Value: 'n' }, { Name: 'name', Value: 'N' }])],
    AttributeName: () => 'email',
    AttributeNames: () => ['email'],
    UserAttributeNames: () => ['custom:nick'],
    DeviceKey: () => 'us-east-1_00000000-0000-0000-0000-000000000000',
    ProviderName: () => 'COGNITO',
    ResourceArn: (rng) => `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${rng.chance(0.8) ? fx.poolId : 'x'}`,
    PaginationToken: (rng) => rng.pick(['x', 'eyJ9', fx.username]),
    NextToken: (rng) => rng.pick(['x', 'eyJ9']),
    Limit: (rng) => rng.pick([1, 10, 60]),
    MaxResults: (rng) => rng.pick([1, 10, 60]),
  };
}

function apiCase(target: Target, rng: Rng): HttpCase {
  const op = rng.pick(target.operations);
  const headers: Record<string, string> = {
    host: rng.chance(0.5) ? target.host : `localhost:${target.host.split(':')[1]}`,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AWSCognitoIdentityProviderService.${op.name}`,
  };
  const valid = plausible(op.input, rng, '');
  const input = rng.chance(0.9) ? mutate(valid, op.input, rng) : valid;
  return { kind: 'http', protocol: 'api', method: 'POST', path: '/', headers, body: toJsonText(input), what: `${op.name}` };
}

/** Requests that go wrong before any operation runs: target, content type, unreadable or oversized bodies. */
function apiProtocolCase(target: Target, rng: Rng): HttpCase {
  const op = rng.pick(target.operations).name;
  const headers: Record<string, string> = { host: target.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
  let body: string | Buffer = '{}';
  let what = 'protocol';
  switch (rng.int(8)) {
    case 0:
      headers['x-amz-target'] = rng.pick(['', 'AWSCognitoIdentityProviderService.', 'AWSCognitoIdentityProviderService.Nope', op, `AWSCognitoIdentityProviderService.${op}\u00ff`, 'x'.repeat(9_000), 'AWSCognitoIdentityProviderService.__proto__', 'AWSCognitoIdentityProviderService.constructor']);
      what = 'target';
      break;
    case 1:
      body = rng.pick(['', '{', '}', 'null', '[]', '"text"', '1', 'true', '{"a":}', '{"UserPoolId":"a",}', '\u0000', '{"a":1}garbage', '{"__proto__":{"polluted":1}}', '{"UserPoolId":"a","UserPoolId":"b"}']);
      what = 'broken json';
      break;
    case 2:
      body = toJsonText({ UserPoolId: target.fx.poolId, x: nest(rng.pick([1_000, 50_000, 300_000]), rng.pick(['array', 'object'] as const)) });
      what = 'deep nesting';
      break;
    case 3:
      body = `{"UserPoolId":"${'a'.repeat(rng.pick([1_100_000, 2_000_000]))}"}`;
      what = 'oversized body';
      break;
    case 4:
      body = Buffer.concat([Buffer.from(`{"UserPoolId":"${target.fx.poolId}","ClientId":"`), Buffer.from(rng.pick([[0xff, 0xfe], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x00]])), Buffer.from('"}')]);
      what = 'invalid utf-8 in body';
      break;
    case 5:
      headers['content-type'] = rng.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/x-amz-json-1.1; charset=\u00ff']);
      body = toJsonText({ UserPoolId: target.fx.poolId });
      what = 'content type';
      break;
    case 6:
      delete headers['x-amz-target'];
      what = 'no target';
      break;
    default:
      body = toJsonText(rng.pick([[], 'x', 1, null, { UserPoolId: new RawJson('1e999') }]));
      what = 'non-object body';
  }
  return { kind: 'http', protocol: 'api', method: 'POST', path: '/', headers, body, what };
}

// ---------------------------------------------------------------------------------------------
// OAuth endpoints and hosted pages.

interface Base {
  prefix: string;
  headers: Record<string, string>;
}

function baseOf(target: Target, rng: Rng): Base {
  const port = target.host.split(':')[1];
  return rng.weighted<Base>([
    [6, { prefix: `/${target.fx.poolId}`, headers: { host: target.host } }],
    [2, { prefix: '', headers: { host: `${target.fx.domain}.auth.localhost:${port}` } }],
    [1, { prefix: '/us-east-1_Nope12345', headers: { host: target.host } }],
    [1, { prefix: `/${pct(rng.pick(['a\u0000_b', 'x'.repeat(300), '..', '%2e%2e', 'us-east-1_😀']))}`, headers: { host: target.host } }],
  ]);
}

function authorizeParams(fx: Fixture, rng: Rng): Params {
  const params: Params = [
    ['response_type', rng.pick(['code', 'code', 'token'])],
    ['client_id', rng.pick([fx.publicClientId, fx.publicClientId, fx.secretClientId])],
    ['redirect_uri', rng.pick([fx.callback, fx.callback, `${fx.callback}/x`, 'http://127.0.0.1:1234/callback'])],
    ['scope', rng.pick(['openid email', 'openid', 'aws.cognito.signin.user.admin', 'orders/read', ''])],
    ['state', 's'],
    ['nonce', 'n'],
  ];
  if (rng.chance(0.7)) params.push(['code_challenge', fx.challenge], ['code_challenge_method', 'S256']);
  if (rng.chance(0.2)) params.push(['prompt', rng.pick(['none', 'login', 'consent none'])]);
  if (rng.chance(0.1)) params.push(['max_age', rng.pick(['0', '99999999999', '-1'])]);
  return params;
}

function cookieFor(target: Target, rng: Rng, needs: ('csrf' | 'sso' | 'signin')[]): string {
  const { fx } = target;
  const parts: string[] = [];
  const wants = (name: 'csrf' | 'sso' | 'signin') => needs.includes(name) || rng.chance(0.2);
  const value = (pair: string) => {
    const i = pair.indexOf('=');
    return [pair.slice(0, i), pair.slice(i + 1)] as const;
  };
  if (wants('csrf')) parts.push(`XSRF-TOKEN=${rng.chance(0.85) ? fx.csrf : pct(tamperOpaque(fx.csrf, rng))}`);
  for (const [kind, pair] of [
    ['sso', fx.ssoCookie],
    ['signin', fx.signInCookie],
  ] as const) {
    if (!wants(kind)) continue;
    const [name, v] = value(pair);
    parts.push(`${name}=${rng.chance(0.6) ? v : pct(tamperOpaque(v, rng))}`);
  }
  return parts.join('; ');
}

type Endpoint = (target: Target, rng: Rng, base: Base) => HttpCase;

function page(method: 'GET' | 'POST', name: string, fields: (fx: Fixture, rng: Rng) => Params, cookies: ('csrf' | 'sso' | 'signin')[], extraQuery: Params = []): Endpoint {
  return (target, rng, base) => {
    const { fx } = target;
    const hostile = rng.chance(0.85);
    const inQuery = method === 'GET' || rng.chance(0.5);
    const query = queryOf([...authorizeParams(fx, rng), ...extraQuery], rng, hostile && inQuery);
    const headers: Record<string, string> = { ...base.headers };
    const cookie = cookieFor(target, rng, cookies);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (method === 'POST') {
      const csrf: Params = [['_csrf', rng.chance(0.85) ? fx.csrf : rng.pick(['', 'forged', fx.csrf.slice(1), `${fx.csrf}\u0000`, 'A'.repeat(43)])]];
      body = queryOf([...csrf, ...fields(fx, rng)], rng, hostile && !inQuery);
      headers['content-type'] = rng.chance(0.92) ? 'application/x-www-form-urlencoded' : rng.pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x']);
      if (rng.chance(0.03)) body = `_csrf=${fx.csrf}&username=${'a'.repeat(70 * 1024)}`;
    }
    return { kind: 'http', protocol: 'page', method, path: `${base.prefix}/${name}?${query}`, headers, ...(body !== undefined ? { body } : {}), what: `${method} /${name}` };
  };
}

function tokenEndpoint(target: Target, rng: Rng, base: Base): HttpCase {
  const { fx } = target;
  const headers: Record<string, string> = { ...base.headers, 'content-type': 'application/x-www-form-urlencoded' };
  const grant = rng.pick(['authorization_code', 'refresh_token', 'client_credentials', 'password', 'implicit', '']);
  const params: Params = [['grant_type', grant]];
  if (grant === 'authorization_code') {
    params.push(
      ['client_id', rng.pick([fx.publicClientId, fx.secretClientId])],
      ['code', rng.pick([fx.usedCode, fx.liveCode, tamperOpaque(fx.liveCode, rng)])],
      ['redirect_uri', rng.pick([fx.callback, `${fx.callback}?x`])],
      ['code_verifier', rng.pick([fx.verifier, fx.verifier.slice(1), 'x'.repeat(200)])],
    );
  } else if (grant === 'refresh_token') {
    params.push(['client_id', fx.publicClientId], ['refresh_token', rng.chance(0.3) ? fx.refreshToken : tamperOpaque(fx.refreshToken, rng)]);
  } else if (grant === 'client_credentials') {
    params.push(['scope', rng.pick(['orders/read', 'openid', 'orders/write orders/read', ''])]);
  }
  const id = rng.pick([fx.machineClientId, fx.secretClientId, fx.publicClientId]);
  const secret = id === fx.machineClientId ? fx.machineSecret : fx.secret;
  switch (rng.int(6)) {
    case 0:
      headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
      break;
    case 1:
      headers.authorization = rng.pick([
        `Basic ${Buffer.from(`${id}:${tamperOpaque(secret, rng)}`).toString('base64')}`,
        'Basic !!!',
        `Basic ${Buffer.from('no-colon').toString('base64')}`,
        `Basic ${Buffer.from(`${id}\u0000:${secret}`).toString('base64')}`,
        `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xff]).toString('base64')}`,
        'Basic',
        `Bearer ${fx.accessToken}`,
        `Basic ${'A'.repeat(9_000)}`,
      ]);
      break;
    case 2:
      params.push(['client_id', id], ['client_secret', rng.chance(0.5) ? secret : tamperOpaque(secret, rng)]);
      break;
    default:
  }
  const hostile = rng.chance(0.7);
  let body = queryOf(params, rng, hostile);
  if (rng.chance(0.05)) {
    headers['content-type'] = rng.pick(['application/json', 'text/plain', '', 'application/x-www-form-urlencoded; charset=latin1']);
    if (headers['content-type'] === 'application/json') body = toJsonText(Object.fromEntries(params));
  }
  if (rng.chance(0.03)) body = `grant_type=client_credentials&scope=${'a'.repeat(70 * 1024)}`;
  return { kind: 'http', protocol: 'oauth-json', method: 'POST', path: `${base.prefix}/oauth2/token`, headers, body, what: `token ${grant}` };
}

function revokeEndpoint(target: Target, rng: Rng, base: Base): HttpCase {
  const { fx } = target;
  const params: Params = [
    ['token', rng.chance(0.2) ? fx.refreshToken : rng.chance(0.5) ? tamperOpaque(fx.refreshToken, rng) : tamperToken(fx.accessToken, rng)],
    ['client_id', rng.pick([fx.publicClientId, fx.secretClientId, 'nope'])],
  ];
  if (rng.chance(0.3)) params.push(['token_type_hint', rng.pick(['refresh_token', 'access_token', 'x'])]);
  return {
    kind: 'http',
    protocol: 'oauth-json',
    method: 'POST',
    path: `${base.prefix}/oauth2/revoke`,
    headers: { ...base.headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: queryOf(params, rng, rng.chance(0.7)),
    what: 'revoke',
  };
}

function userInfoEndpoint(target: Target, rng: Rng, base: Base): HttpCase {
  const { fx } = target;
  const token = rng.chance(0.2) ? fx.accessToken : tamperToken(rng.chance(0.5) ? fx.accessToken : fx.idToken, rng);
  const headers: Record<string, string> = { ...base.headers };
  const method = rng.pick(['GET', 'POST']);
  let body: string | undefined;
  const where = rng.int(4);
  if (where === 0 || method === 'GET') headers.authorization = rng.pick([`Bearer ${token}`, `bearer  ${token}`, `Bearer ${token} extra`, 'Bearer', `Basic ${token}`]);
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = queryOf([['access_token', token]], rng, rng.chance(0.5));
  }
  return { kind: 'http', protocol: 'oauth-json', method, path: `${base.prefix}/oauth2/userInfo`, headers, ...(body !== undefined ? { body } : {}), what: `${method} userInfo` };
}

function logoutEndpoint(target: Target, rng: Rng, base: Base): HttpCase {
  const { fx } = target;
  const params: Params = rng.chance(0.5)
    ? [
        ['client_id', fx.publicClientId],
        ['logout_uri', rng.pick([fx.logoutUri, 'https://evil.example/', `${fx.logoutUri}?x`])],
      ]
    : [...authorizeParams(fx, rng)];
  const headers: Record<string, string> = { ...base.headers };
  const cookie = cookieFor(target, rng, ['sso']);
  if (cookie) headers.cookie = cookie;
  return { kind: 'http', protocol: 'page', method: 'GET', path: `${base.prefix}/logout?${queryOf(params, rng, rng.chance(0.8))}`, headers, what: 'logout' };
}

function authorizeEndpoint(target: Target, rng: Rng, base: Base): HttpCase {
  const headers: Record<string, string> = { ...base.headers };
  const cookie = cookieFor(target, rng, ['sso']);
  if (cookie) headers.cookie = cookie;
  return { kind: 'http', protocol: 'page', method: 'GET', path: `${base.prefix}/oauth2/authorize?${queryOf(authorizeParams(target.fx, rng), rng, rng.chance(0.85))}`, headers, what: 'authorize' };
}

function miscEndpoint(target: Target, rng: Rng, base: Base): HttpCase {
  const { fx } = target;
  const pick = rng.int(7);
  const headers = { ...base.headers };
  if (pick === 0) return { kind: 'http', protocol: 'page', method: 'GET', path: `${base.prefix}/error?${queryOf([['error', 'redirect_mismatch'], ['client_id', fx.publicClientId]], rng, true)}`, headers, what: 'error page' };
  if (pick === 1)
    return {
      kind: 'http',
      protocol: 'page',
      method: 'GET',
      path: `${base.prefix}/confirmUser?${queryOf([['client_id', fx.publicClientId], ['user_name', fx.username], ['confirmation_code', '123456']], rng, true)}`,
      headers,
      what: 'confirmUser',
    };
  if (pick === 2) return { kind: 'http', protocol: 'any', method: 'GET', path: `${base.prefix}/ui/logo/${pct(rng.pick([fx.publicClientId, 'ALL', ...NASTY_STRINGS.slice(0, 12)]))}`, headers, what: 'logo' };
  if (pick === 3) return { kind: 'http', protocol: 'any', method: 'GET', path: `${base.prefix}/ui/hosted.css?${queryOf([['v', '1']], rng, true)}`, headers, what: 'css' };
  if (pick === 4)
    return { kind: 'http', protocol: 'oauth-json', method: 'GET', path: `${base.prefix}/.well-known/${rng.pick(['jwks.json', 'openid-configuration'])}?${queryOf([['x', 'y']], rng, true)}`, headers, what: 'well-known' };
  if (pick === 5)
    return {
      kind: 'http',
      protocol: 'any',
      method: rng.pick(['OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'GET', 'POST']),
      path: `${base.prefix}/${rng.pick(['oauth2/token', 'oauth2/revoke', 'oauth2/userInfo', 'login', 'oauth2/authorize', '.well-known/jwks.json', 'nothing'])}`,
      headers: { ...headers, 'access-control-request-method': 'POST', origin: 'https://evil.example' },
      what: 'other methods',
    };
  return { kind: 'http', protocol: 'page', method: 'GET', path: `${base.prefix}/login?${queryOf([['client_id', fx.publicClientId]], rng, true)}`, headers, what: 'login (short query)' };
}

const ENDPOINTS: [number, Endpoint][] = [
  [10, authorizeEndpoint],
  [12, tokenEndpoint],
  [4, revokeEndpoint],
  [5, userInfoEndpoint],
  [4, logoutEndpoint],
  [6, miscEndpoint],
  [6, page('GET', 'login', () => [], ['csrf'])],
  [12, page('POST', 'login', (fx, rng) => [['username', rng.pick([fx.username, fx.tempUsername, 'nobody'])], ['password', rng.pick(['wrong', fx.password])]], ['csrf'])],
  [2, page('GET', 'signup', () => [], ['csrf'])],
  [6, page('POST', 'signup', (_fx, rng) => [['username', `u${rng.int(1e9)}`], ['password', 'Passw0rd!'], ['email', `u${rng.int(1e9)}@example.com`]], ['csrf'])],
  [2, page('GET', 'confirm', () => [], ['csrf'], [['username', 'alice']])],
  [3, page('POST', 'confirm', () => [['code', '123456']], ['csrf'], [['username', 'alice']])],
  [2, page('POST', 'resendCode', () => [], ['csrf'], [['username', 'alice']])],
  [2, page('GET', 'forgotPassword', () => [], ['csrf'])],
  [3, page('POST', 'forgotPassword', (fx) => [['username', fx.username]], ['csrf'])],
  [2, page('GET', 'confirmforgotPassword', () => [], ['csrf'], [['username', 'alice']])],
  [3, page('POST', 'confirmforgotPassword', () => [['code', '123456'], ['password', 'N3w-Passw0rd!'], ['confirmPassword', 'N3w-Passw0rd!']], ['csrf'], [['username', 'alice']])],
  [3, page('GET', 'newPassword', () => [], ['csrf', 'signin'])],
  [5, page('POST', 'newPassword', () => [['newPassword', 'short'], ['confirmPassword', 'short'], ['requiredAttributes[email]', 'a@example.com']], ['csrf', 'signin'])],
  [2, page('GET', 'mfa', () => [], ['csrf', 'signin'])],
  [3, page('POST', 'mfa', () => [['code', '000000']], ['csrf', 'signin'])],
  [1, page('GET', 'selectMfa', () => [], ['csrf', 'signin'])],
  [2, page('POST', 'selectMfa', () => [['mfaType', 'SOFTWARE_TOKEN_MFA']], ['csrf', 'signin'])],
  [1, page('GET', 'mfaSetup', () => [], ['csrf', 'signin'])],
  [2, page('POST', 'mfaSetup', () => [['code', '000000'], ['deviceName', 'phone']], ['csrf', 'signin'])],
];

function adminCase(target: Target, rng: Rng): HttpCase {
  const { fx } = target;
  const headers: Record<string, string> = { host: target.host };
  switch (rng.int(3)) {
    case 0:
      return { kind: 'http', protocol: 'admin', method: 'GET', path: `/_cognate/outbox?${queryOf([['pool', fx.poolId], ['user', fx.username]], rng, true)}`, headers, what: 'admin outbox' };
    case 1:
      return { kind: 'http', protocol: 'admin', method: 'POST', path: `/_cognate/keys/rotate?${queryOf([['pool', rng.pick(['us-east-1_Nope12345', fx.poolId])]], rng, true)}`, headers, what: 'admin rotate' };
    default: {
      const doc = rng.pick<() => unknown>([
        () => ({ pools: [{ name: 'p\u0000' }] }),
        () => ({ pools: [{ name: 'seeded', clients: [{ name: 'c', callbackUrls: ['\ud800'] }] }] }),
        () => ({ pools: 'x' }),
        () => [],
        () => ({ pools: [{ name: 'p', users: [{ username: 'a\u0000' }] }] }),
        () => ({ pools: [{ name: 'x'.repeat(300), users: [{ username: 'u', password: 'short' }] }] }),
        () => nest(20_000, 'object'),
      ])();
      return { kind: 'http', protocol: 'admin', method: 'POST', path: '/_cognate/seed', headers: { ...headers, 'content-type': 'application/json' }, body: toJsonText(doc), what: 'admin seed' };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Raw bytes on a socket.

const BAD_HEADER_BYTES: Buffer[] = [
  Buffer.from([0x00]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from('\u00e9', 'latin1'),
  Buffer.from([0x7f]),
  Buffer.from([0x0b, 0x0c]),
  Buffer.from('a'.repeat(9 * 1024)),
  Buffer.from('b'.repeat(20 * 1024)),
];

function rawCase(target: Target, rng: Rng): RawCase {
  const { fx } = target;
  const requests: [string, string, Record<string, string>, string][] = [
    ['POST', '/', { host: target.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' }, JSON.stringify({ UserPoolId: fx.poolId })],
    ['GET', `/${fx.poolId}/oauth2/authorize?${encodeParams(authorizeParams(fx, rng))}`, { host: target.host, cookie: fx.ssoCookie }, ''],
    ['GET', `/${fx.poolId}/login?${encodeParams(authorizeParams(fx, rng))}`, { host: target.host, cookie: `XSRF-TOKEN=${fx.csrf}` }, ''],
    ['POST', `/${fx.poolId}/oauth2/token`, { host: target.host, 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${fx.machineClientId}:${fx.machineSecret}`).toString('base64')}` }, 'grant_type=client_credentials'],
    ['GET', `/${fx.poolId}/oauth2/userInfo`, { host: target.host, authorization: `Bearer ${fx.accessToken}` }, ''],
    ['GET', '/', { host: `${fx.domain}.auth.localhost` }, ''],
    ['GET', '/health', { host: target.host }, ''],
  ];
  const [method, path, headers, body] = rng.pick(requests);
  const names = Object.keys(headers);
  const lines: Buffer[] = [];
  const variant = rng.int(6);
  let requestLine = Buffer.from(`${method} ${path} HTTP/1.1\r\n`);
  let what = `raw ${method} ${path.split('?')[0]}`;
  if (variant === 0) {
    // A bad byte in the request target.
    requestLine = Buffer.concat([Buffer.from(`${method} ${path}${path.includes('?') ? '&' : '?'}x=`), rng.pick(BAD_HEADER_BYTES.slice(0, 7)), Buffer.from(' HTTP/1.1\r\n')]);
    what += ' (bad byte in target)';
  }
  const badHeader = variant >= 1 && variant <= 3 ? rng.pick([...names, 'user-agent', 'x-amz-target', 'cookie', 'authorization', 'origin']) : undefined;
  const badBytes = rng.pick(BAD_HEADER_BYTES);
  for (const name of new Set([...names, ...(badHeader ? [badHeader] : [])])) {
    const value = headers[name] ?? 'v';
    if (name === badHeader) {
      const at = rng.int(value.length + 1);
      lines.push(Buffer.concat([Buffer.from(`${name}: ${value.slice(0, at)}`), badBytes, Buffer.from(`${value.slice(at)}\r\n`)]));
      what += ` (${name} with ${badBytes.length > 8 ? `${badBytes.length} bytes` : badBytes.toString('hex')})`;
    } else lines.push(Buffer.from(`${name}: ${value}\r\n`));
  }
  if (variant === 4) {
    lines.push(Buffer.concat([Buffer.from('x-'), rng.pick(BAD_HEADER_BYTES.slice(0, 4)), Buffer.from(': v\r\n')]));
    what += ' (bad header name)';
  }
  const payload = Buffer.from(body);
  if (variant === 5) {
    lines.push(Buffer.from('transfer-encoding: chunked\r\n'));
    const chunk = rng.pick(['zz\r\nabc\r\n0\r\n\r\n', `${payload.length.toString(16)}\r\n`, '5\r\nabc\r\n0\r\n\r\n', 'ffffffffffffffff\r\nx\r\n']);
    return { kind: 'raw', protocol: 'any', bytes: Buffer.concat([requestLine, ...lines, Buffer.from('\r\n'), Buffer.from(chunk)]), what: `${what} (broken chunked)` };
  }
  if (payload.length > 0 || method === 'POST') lines.push(Buffer.from(`content-length: ${payload.length}\r\n`));
  lines.push(Buffer.from('connection: close\r\n'));
  return { kind: 'raw', protocol: 'any', bytes: Buffer.concat([requestLine, ...lines, Buffer.from('\r\n'), payload]), what };
}

// ---------------------------------------------------------------------------------------------

export function prepareTarget(target: Target): void {
  setKnownValues(knownValues(target.fx));
}

/** Case `index` of a run: the same seed, fixture and index give the same request. */
export function generateCase(target: Target, rng: Rng): FuzzCase {
  const kind = rng.weighted<string>([
    [40, 'api'],
    [6, 'api-protocol'],
    [40, 'http'],
    [3, 'admin'],
    [6, 'raw'],
  ]);
  if (kind === 'api') return apiCase(target, rng);
  if (kind === 'api-protocol') return apiProtocolCase(target, rng);
  if (kind === 'admin') return adminCase(target, rng);
  if (kind === 'raw') return rawCase(target, rng);
  const base = baseOf(target, rng);
  return rng.weighted(ENDPOINTS)(target, rng, base);
}
