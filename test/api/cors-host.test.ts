import { CreateUserPoolCommand, CreateUserPoolDomainCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../helpers/cli.js';
import { forEachEngine, json, startTestServer } from '../helpers/server.js';
import { hostRequest } from '../oauth/fixture.js';

/**
 * The open admin surface (no --admin-credentials) answers the developer's tools, never a web page:
 * what a page can send without a preflight (text/plain) is refused, a preflighted cross-origin call
 * is refused, and DNS rebinding (another site's name pointing at 127.0.0.1) meets a Host check.
 */

const TARGET = 'AWSCognitoIdentityProviderService.';
const AMZ = 'application/x-amz-json-1.1';

const call = (url: string, operation: string, body: unknown, headers: Record<string, string> = { 'content-type': AMZ }) =>
  fetch(`${url}/`, { method: 'POST', headers: { 'x-amz-target': `${TARGET}${operation}`, ...headers }, body: JSON.stringify(body) });

forEachEngine('the open admin surface against web pages', (server) => {
  let poolId: string;
  const createUser = (username: string) => ({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' });
  const usernames = async () => ((await server().cognito.send(new ListUsersCommand({ UserPoolId: poolId }))).Users ?? []).map((u) => u.Username);

  it('refuses an IAM operation sent as a CORS-simple request (text/plain, form, no content type) and writes nothing', async () => {
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'cors' }))).UserPool!.Id!;
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const res = await call(server().url, 'AdminCreateUser', createUser('mallory'), type ? { 'content-type': type } : {});
      expect(res.status, String(type)).toBe(400);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
      expect((await json(res)).__type).toBe('SerializationException');
    }
    const read = await call(server().url, 'ListUsers', { UserPoolId: poolId }, { 'content-type': 'text/plain' });
    expect(read.status).toBe(400);
    expect(await usernames()).toEqual([]);
  });

  it('gives CORS headers to the public operations only; the AWS SDK’s IAM calls still work', async () => {
    const iam = await call(server().url, 'ListUsers', { UserPoolId: poolId });
    expect(iam.status).toBe(200);
    expect(iam.headers.get('access-control-allow-origin')).toBeNull();
    const publicOp = await call(server().url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient0000000000000', AuthParameters: {} });
    expect(publicOp.status).toBe(400);
    expect(publicOp.headers.get('access-control-allow-origin')).toBe('*');
    // The preflight cannot name the operation, so it stays open; the operation decides.
    const preflight = await fetch(`${server().url}/`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(await usernames()).toEqual([]);
  });

  it('refuses a preflighted IAM call from a page of another origin (Sec-Fetch-Site, Origin, Origin: null)', async () => {
    const page: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of page) {
      const res = await call(server().url, 'AdminCreateUser', createUser('mallory'), { 'content-type': AMZ, ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await json(res)).__type).toBe('AccessDeniedException');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(await usernames()).toEqual([]);
    // A page served by this very server (same origin) may call them.
    const own = new URL(server().url).host;
    const same = await call(server().url, 'AdminCreateUser', createUser('carol'), { 'content-type': AMZ, origin: `http://${own}`, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(200);
    expect(await usernames()).toEqual(['carol']);
  });

  it('refuses a Host that is not a name of this server (DNS rebinding) on /_cognate/* and IAM operations', async () => {
    const port = server().port;
    const outbox = await hostRequest(port, `rebind.evil.example:${port}`, `/_cognate/outbox?pool=${poolId}`);
    expect(outbox.status).toBe(403);
    expect(JSON.parse(outbox.body)).toMatchObject({ __type: 'AccessDeniedException' });
    expect(outbox.body).not.toContain('messages');
    const list = await hostRequest(port, `rebind.evil.example:${port}`, '/', {
      method: 'POST',
      headers: { 'content-type': AMZ, 'x-amz-target': `${TARGET}ListUsers` },
      body: JSON.stringify({ UserPoolId: poolId }),
    });
    expect(list.status).toBe(403);
    expect(JSON.parse(list.body).__type).toBe('AccessDeniedException');
    expect(list.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    // Public operations do not depend on the Host (apps reach them under any name).
    const publicOp = await hostRequest(port, `rebind.evil.example:${port}`, '/', {
      method: 'POST',
      headers: { 'content-type': AMZ, 'x-amz-target': `${TARGET}InitiateAuth` },
      body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient0000000000000', AuthParameters: {} }),
    });
    expect(JSON.parse(publicOp.body).__type).toBe('ResourceNotFoundException');
  });

  it('accepts loopback names and the pool domains (prefix and custom) as Host', async () => {
    const port = server().port;
    const prefix = `h${Date.now().toString(36)}`;
    const custom = `auth.${prefix}.example.com`;
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    await server().cognito.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: custom, CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/x' } }),
    );
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, `app.localhost:${port}`, `${prefix}.auth.localhost:${port}`, custom]) {
      const res = await hostRequest(port, host, `/_cognate/outbox?pool=${poolId}`);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body).messages).toEqual([]);
    }
    for (const host of ['127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.5', `other.auth.${prefix}.example.com`]) {
      expect((await hostRequest(port, host, `/_cognate/outbox?pool=${poolId}`)).status, host).toBe(403);
    }
  });

  it('takes /_cognate/seed only as application/json', async () => {
    const seed = JSON.stringify({ UserPools: [{ PoolName: 'from-a-web-page' }] });
    const plain = await fetch(`${server().url}/_cognate/seed`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: seed });
    expect(plain.status).toBe(400);
    expect((await json(plain)).__type).toBe('SerializationException');
    const form = await fetch(`${server().url}/_cognate/seed`, { method: 'POST', body: new URLSearchParams({ seed }) });
    expect(form.status).toBe(400);
    const crossSite = await fetch(`${server().url}/_cognate/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: seed,
    });
    expect(crossSite.status).toBe(403);
    const pools = async () => (await json(await call(server().url, 'ListUserPools', { MaxResults: 60 }))).UserPools.map((p: { Name: string }) => p.Name);
    expect(await pools()).not.toContain('from-a-web-page');
    // The same document as JSON from a tool is applied (what `cognate seed` sends).
    expect((await fetch(`${server().url}/_cognate/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: seed })).status).toBe(200);
    expect(await pools()).toContain('from-a-web-page');
    // A key rotation without a body needs no content type (the CLI and curl send none), but still a good Host.
    const rotate = await fetch(`${server().url}/_cognate/keys/rotate?pool=${poolId}`, { method: 'POST' });
    expect(rotate.status).toBe(200);
    const rotatePlain = await fetch(`${server().url}/_cognate/keys/rotate?pool=${poolId}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(rotatePlain.status).toBe(400);
  });
});

describe('the allowed hosts', () => {
  it('adds --allowed-hosts names and the public URL’s host to the names the admin surface answers to', async () => {
    const server = await startTestServer('sqlite', { publicUrl: 'https://idp.example.test', allowedHosts: ['dev.example.test', '.lan.example.test'] });
    try {
      const ok = ['idp.example.test', 'dev.example.test:9400', 'box.lan.example.test', 'lan.example.test'];
      for (const host of ok) expect((await hostRequest(server.port, host, '/_cognate/outbox')).status, host).toBe(200);
      for (const host of ['evil.example.test', 'dev.example.test.evil.example', 'xlan.example.test']) expect((await hostRequest(server.port, host, '/_cognate/outbox')).status, host).toBe(403);
      // The public URL's origin counts as this server's own (a reverse proxy in front).
      const proxied = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': AMZ, 'x-amz-target': `${TARGET}ListUserPools`, origin: 'https://idp.example.test' },
        body: JSON.stringify({ MaxResults: 1 }),
      });
      expect(proxied.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('with --admin-credentials the signature is the guard: the AWS CLI-style signed call works from any Host', async () => {
    const server = await startTestServer('sqlite', { adminCredentials: { accessKeyId: 'AKIDADMIN', secretAccessKey: 'admin-secret' } });
    try {
      const res = await hostRequest(server.port, 'lan-box:9400', '/_cognate/outbox');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).__type).toBe('MissingAuthenticationTokenException');
    } finally {
      await server.close();
    }
  });

  it('`cognate serve --allowed-hosts` (and COGNATE_ALLOWED_HOSTS) reaches the server', async () => {
    const serve = await spawnServe(['--in-memory', '--port', '0', '--outbox-retention', '2h'], { COGNATE_ALLOWED_HOSTS: 'devbox.example.test' });
    try {
      const port = Number(new URL(serve.url).port);
      expect((await hostRequest(port, 'devbox.example.test', '/_cognate/outbox')).status).toBe(200);
      expect((await hostRequest(port, 'other.example.test', '/_cognate/outbox')).status).toBe(403);
    } finally {
      await serve.stop();
    }
  });
});
