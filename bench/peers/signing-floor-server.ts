/**
 * The least a token endpoint can cost: Node's own HTTP server reading a form and answering with one
 * RS256 JWT, no framework, no client check, no storage. Not a peer to beat but a reference: Cognate's
 * client-credentials grant is this plus Fastify, the client's authentication and the pool's rules.
 * Run in its own process by bench/peers/signing-floor.ts; prints "listening on <url>" like Cognate.
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = base64url({ kid: 'floor', alg: 'RS256' });

function token(): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'client', token_use: 'access', scope: 'read', auth_time: now, iss: 'http://127.0.0.1/us-east-1_Floor', exp: now + 3600, iat: now, version: 2, jti: randomUUID(), client_id: 'client' };
  const input = `${header}.${base64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ access_token: token(), expires_in: 3600, token_type: 'Bearer' });
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
