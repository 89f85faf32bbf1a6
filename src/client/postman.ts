import { randomUUID } from 'node:crypto';
import type { AwsCredentials } from './sigv4.js';
import { callCognito, regionOfPool } from './cognito-api.js';
import { discover, poolIssuer } from './endpoints.js';
import { configError } from './errors.js';

/**
 * A Postman collection (v2.1) and environment for a pool's app client, set up as the walkthrough sets
 * up Postman's OAuth 2.0 helper: Authorization Code, Auth URL = domain + /login, Access Token URL =
 * domain + /oauth2/token, Postman's callback with "Authorize using browser", client credentials sent
 * in the body. A PKCE folder, and a client-credentials folder whose pre-request script gets its own
 * token, because Newman never runs a token request (it only applies an `accessToken`). The auth
 * blocks carry `accessToken = {{accessToken}}`, so that
 * `newman run ... --env-var accessToken=$(cognate token --raw ...)` works.
 */

export const POSTMAN_CALLBACK = 'https://oauth.pstmn.io/v1/callback';
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface PostmanClient {
  ClientId: string;
  ClientName?: string;
  ClientSecret?: string;
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlows?: string[];
  CallbackURLs?: string[];
}

export interface PostmanExportInput {
  poolId: string;
  poolName?: string;
  /** The hosted UI's base ("domain"): Auth URL is `<authBase>/login`. */
  authBase: string;
  tokenUrl: string;
  client: PostmanClient;
  /** A confidential client for the client-credentials folder; placeholders when absent. */
  machineClient?: PostmanClient;
  /** Where the example API (examples/api) listens. */
  apiUrl: string;
  /** Sign in through this identity provider of the pool: the Auth URL is /oauth2/authorize with identity_provider. */
  identityProvider?: string;
}

export interface PostmanExport {
  collection: Record<string, unknown>;
  environment: Record<string, unknown>;
  /** Things the user should know (a missing callback URL, ...). */
  warnings: string[];
}

type KeyValue = { key: string; value: string | boolean; type: string };
const kv = (key: string, value: string | boolean): KeyValue => ({ key, value, type: typeof value === 'boolean' ? 'boolean' : 'string' });

function oauth2Auth(grantType: 'authorization_code' | 'authorization_code_with_pkce', tokenName: string) {
  return {
    type: 'oauth2',
    oauth2: [
      kv('tokenName', tokenName),
      kv('grant_type', grantType),
      kv('authUrl', '{{authUrl}}'),
      kv('accessTokenUrl', '{{accessTokenUrl}}'),
      kv('refreshTokenUrl', '{{accessTokenUrl}}'),
      kv('clientId', '{{clientId}}'),
      kv('clientSecret', '{{clientSecret}}'),
      kv('scope', '{{scope}}'),
      kv('state', '{{$randomUUID}}'),
      kv('redirect_uri', '{{callbackUrl}}'),
      kv('useBrowser', true),
      ...(grantType === 'authorization_code_with_pkce' ? [kv('challengeAlgorithm', 'S256')] : []),
      kv('client_authentication', 'body'),
      kv('addTokenTo', 'header'),
      kv('headerPrefix', 'Bearer'),
      // What Newman applies; Postman replaces it when "Use Token" is clicked.
      kv('accessToken', '{{accessToken}}'),
    ],
  };
}

const test = (name: string, assertion: string) => ({
  listen: 'test',
  script: { type: 'text/javascript', exec: [`pm.test(${JSON.stringify(name)}, function () {`, `  ${assertion}`, '});'] },
});

function request(name: string, method: string, path: string, tests: ReturnType<typeof test>[], body?: unknown) {
  return {
    name,
    event: tests,
    request: {
      method,
      header: body === undefined ? [] : [{ key: 'Content-Type', value: 'application/json' }],
      ...(body === undefined ? {} : { body: { mode: 'raw', raw: JSON.stringify(body, null, 2), options: { raw: { language: 'json' } } } }),
      url: { raw: `{{apiUrl}}${path}`, host: ['{{apiUrl}}'], path: path.split('/').filter((p) => p !== '') },
    },
  };
}

const accepted = (status: number) => `pm.response.to.have.status(${status});`;
const notRejected = 'pm.expect(pm.response.code, "the API rejected the token").to.not.equal(401);';

function userRequests() {
  return [
    request('GET /hello (any valid access token)', 'GET', '/hello', [test('the API accepts the token', accepted(200))]),
    request('GET /items (scope demo-api/read)', 'GET', '/items', [test('the token is valid (403 means the scope is missing)', notRejected)]),
    request('GET /admin (group admins)', 'GET', '/admin', [test('the token is valid (403 means the user is not in admins)', notRejected)]),
  ];
}

/** The pre-request script of the client-credentials folder: a token from the token endpoint, kept until it nearly expires. */
export const CLIENT_CREDENTIALS_SCRIPT = [
  "const expiresAt = Number(pm.environment.get('ccAccessTokenExpiresAt') || 0);",
  "if (!pm.environment.get('ccAccessToken') || Date.now() > expiresAt - 60000) {",
  '  pm.sendRequest({',
  "    url: pm.environment.get('accessTokenUrl'),",
  "    method: 'POST',",
  "    header: [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }],",
  '    body: {',
  "      mode: 'urlencoded',",
  '      urlencoded: [',
  "        { key: 'grant_type', value: 'client_credentials' },",
  "        { key: 'client_id', value: pm.environment.get('ccClientId') },",
  "        { key: 'client_secret', value: pm.environment.get('ccClientSecret') },",
  "        { key: 'scope', value: pm.environment.get('ccScope') || '' }",
  '      ]',
  '    }',
  '  }, function (err, res) {',
  "    if (err || res.code !== 200) { console.error('client credentials token request failed', err || res.text()); return; }",
  '    const body = res.json();',
  "    pm.environment.set('ccAccessToken', body.access_token);",
  "    pm.environment.set('ccAccessTokenExpiresAt', String(Date.now() + body.expires_in * 1000));",
  '  });',
  '}',
];

export function postmanExport(input: PostmanExportInput): PostmanExport {
  const warnings: string[] = [];
  const { client, machineClient } = input;
  if (!(client.CallbackURLs ?? []).includes(POSTMAN_CALLBACK))
    warnings.push(`App client ${client.ClientId} does not list ${POSTMAN_CALLBACK} in its callback URLs; add it, or Postman's browser sign-in ends in redirect_mismatch`);
  if (!(client.AllowedOAuthFlows ?? []).includes('code')) warnings.push(`App client ${client.ClientId} does not allow the authorization code grant`);
  if (machineClient && !(machineClient.AllowedOAuthFlows ?? []).includes('client_credentials'))
    warnings.push(`App client ${machineClient.ClientId} does not allow the client credentials grant`);

  const name = `${input.poolName ?? input.poolId} (${input.poolId})`;
  const collection = {
    info: {
      _postman_id: randomUUID(),
      name: `Cognate: ${name}`,
      description:
        'Generated by `cognate postman`. The collection authorizes as the walkthrough does (OAuth 2.0, Authorization Code, ' +
        'Authorize using browser): open the collection\'s Authorization tab and click "Get New Access Token". ' +
        'For Newman, pass a token: `newman run <collection> -e <environment> --env-var accessToken=$(cognate token --raw ...)`.',
      schema: SCHEMA,
    },
    auth: oauth2Auth('authorization_code', 'Authorization'),
    item: [
      {
        name: 'Signed-in user (Authorization Code, as in the walkthrough)',
        description: 'Inherits the collection\'s OAuth 2.0 settings.',
        item: userRequests(),
      },
      {
        name: 'Signed-in user (Authorization Code with PKCE)',
        auth: oauth2Auth('authorization_code_with_pkce', 'Authorization (PKCE)'),
        item: userRequests(),
      },
      {
        name: 'Machine to machine (client credentials, pre-request script)',
        description: 'A pre-request script gets a client-credentials token from the token endpoint; works in Newman as it is.',
        auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{ccAccessToken}}', type: 'string' }] },
        event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: CLIENT_CREDENTIALS_SCRIPT } }],
        item: [
          request('GET /items (scope demo-api/read)', 'GET', '/items', [test('the API lists the items', accepted(200))]),
          request('POST /items (scope demo-api/write)', 'POST', '/items', [test('the API creates the item', accepted(201))], { name: 'from Newman' }),
        ],
      },
    ],
  };

  const value = (key: string, v: string, secret = false) => ({ key, value: v, type: secret ? 'secret' : 'default', enabled: true });
  const environment = {
    id: randomUUID(),
    name: `Cognate: ${name}`,
    values: [
      // A federated sign-in starts at /oauth2/authorize, which sends the browser on to the provider.
      value('authUrl', input.identityProvider ? `${input.authBase}/oauth2/authorize?identity_provider=${encodeURIComponent(input.identityProvider)}` : `${input.authBase}/login`),
      value('accessTokenUrl', input.tokenUrl),
      value('clientId', client.ClientId),
      value('clientSecret', client.ClientSecret ?? '', true),
      value('scope', (client.AllowedOAuthScopes ?? []).join(' ')),
      value('callbackUrl', POSTMAN_CALLBACK),
      value('apiUrl', input.apiUrl),
      value('accessToken', '', true),
      value('ccClientId', machineClient?.ClientId ?? ''),
      value('ccClientSecret', machineClient?.ClientSecret ?? '', true),
      value('ccScope', (machineClient?.AllowedOAuthScopes ?? []).join(' ')),
      value('ccAccessToken', '', true),
      value('ccAccessTokenExpiresAt', ''),
    ],
    _postman_variable_scope: 'environment',
  };
  return { collection, environment, warnings };
}

export interface ReadPoolOptions {
  /** The Cognito API endpoint: a Cognate server, or `https://cognito-idp.<region>.amazonaws.com`. */
  endpoint: string;
  poolId: string;
  clientId: string;
  machineClientId?: string;
  credentials?: AwsCredentials;
  apiUrl: string;
  identityProvider?: string;
}

/**
 * Reads what the export needs through the Cognito API (DescribeUserPool, DescribeUserPoolClient) and
 * discovery: the hosted UI's base is where discovery's authorization endpoint lives.
 */
export async function readPoolForPostman(options: ReadPoolOptions): Promise<PostmanExportInput> {
  const api = { endpoint: options.endpoint, region: regionOfPool(options.poolId), credentials: options.credentials };
  const { UserPool } = await callCognito<{ UserPool?: { Name?: string; Domain?: string } }>(api, 'DescribeUserPool', { UserPoolId: options.poolId });
  const describe = async (clientId: string) =>
    (await callCognito<{ UserPoolClient?: PostmanClient }>(api, 'DescribeUserPoolClient', { UserPoolId: options.poolId, ClientId: clientId })).UserPoolClient!;
  const client = await describe(options.clientId);
  const machineClient = options.machineClientId ? await describe(options.machineClientId) : undefined;
  const doc = await discover(poolIssuer(options.endpoint, options.poolId));
  const authorization = String(doc.authorization_endpoint ?? '');
  if (!/\/oauth2\/authorize$/.test(authorization))
    throw configError(`Pool ${options.poolId} advertises no hosted UI (${authorization || 'no authorization endpoint'}); give it a domain first`);
  return {
    poolId: options.poolId,
    poolName: UserPool?.Name,
    authBase: authorization.replace(/\/oauth2\/authorize$/, ''),
    tokenUrl: String(doc.token_endpoint),
    client,
    machineClient,
    apiUrl: options.apiUrl,
    ...(options.identityProvider ? { identityProvider: options.identityProvider } : {}),
  };
}
