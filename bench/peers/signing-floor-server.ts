/**
 * The least a token endpoint and a password sign-in can cost: Node's own HTTP server, no framework,
 * no storage, no client check. Not peers to beat but references, each under the same load as Cognate:
 * - a form POST answered with one RS256 JWT (Cognate's client-credentials grant is this plus Fastify,
 *   the client's authentication and the pool's rules);
 * - an `AdminInitiateAuth` JSON POST answered after one SRP verifier (the password check, with
 *   Cognate's own arithmetic) and two RS256 JWTs, ID and access (Cognate's password sign-in is this
 *   plus the user's row, the lockout, the refresh token and the event);
 * - a `GetUser` JSON POST read, parsed and answered with a user's attributes, no crypto at all
 *   (Cognate's GetUser is this plus the token's checks, the user's row and the API's rules).
 * Run in its own process by bench/peers/signing-floor.ts; prints "listening on <url>" like Cognate.
 */
import { generateKeyPairSync, randomUUID, sign, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { computeVerifier } from '../../src/crypto/srp.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = base64url({ kid: 'floor', alg: 'RS256' });
const ISSUER = 'http://127.0.0.1/us-east-1_Floor';

function jwt(claims: Record<string, unknown>): string {
  const input = `${header}.${base64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

function clientToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt({ sub: 'client', token_use: 'access', scope: 'read', auth_time: now, iss: ISSUER, exp: now + 3600, iat: now, version: 2, jti: randomUUID(), client_id: 'client' });
}

// Every user of the login scenario has the same password (bench/cognate.ts), so one salt and verifier stand for all.
const SALT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PASSWORD = 'Passw0rd!';
const stored = Buffer.from(computeVerifier('Floor', 'user', PASSWORD, SALT).padStart(768, '0'), 'hex');

function login(body: string): { status: number; answer: unknown } {
  const { AuthParameters: params } = JSON.parse(body) as { AuthParameters?: { USERNAME?: string; PASSWORD?: string } };
  const typed = Buffer.from(computeVerifier('Floor', 'user', params?.PASSWORD ?? '', SALT).padStart(768, '0'), 'hex');
  if (!timingSafeEqual(typed, stored)) return { status: 400, answer: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } };
  const now = Math.floor(Date.now() / 1000);
  const sub = randomUUID();
  const common = { sub, iss: ISSUER, auth_time: now, exp: now + 3600, iat: now, jti: randomUUID(), origin_jti: randomUUID() };
  const idToken = jwt({ ...common, aud: 'client', token_use: 'id', 'cognito:username': params?.USERNAME, email: `${params?.USERNAME}@example.com` });
  const accessToken = jwt({ ...common, client_id: 'client', token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: params?.USERNAME });
  return { status: 200, answer: { ChallengeParameters: {}, AuthenticationResult: { AccessToken: accessToken, ExpiresIn: 3600, TokenType: 'Bearer', IdToken: idToken } } };
}

// The demo user's attributes as Cognate's GetUser answers them; every Cognito answer names its request.
function getUser(body: string): { status: number; answer: unknown } {
  const { AccessToken: token } = JSON.parse(body) as { AccessToken?: string };
  if (typeof token !== 'string') return { status: 400, answer: { __type: 'NotAuthorizedException', message: 'Invalid Access Token' } };
  const attributes = { sub: '5f0c5c1e-2c59-4a39-9d50-0d1c4ac0a1b2', email: 'demo@example.com', email_verified: 'true', name: 'Demo User' };
  return { status: 200, answer: { Username: 'demo', UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) } };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const { status, answer } = (target.endsWith('.GetUser') ? getUser : login)(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(answer));
      return;
    }
    const body = JSON.stringify({ access_token: clientToken(), expires_in: 3600, token_type: 'Bearer' });
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
