import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetSigningCertificateCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { ConfigCache } from '../../src/core/services.js';
import type { ServerOptions } from '../../src/http/server.js';
import { startServer } from '../../src/http/server.js';
import type { TestServer } from '../helpers/server.js';
import { createTestDatabase, engines, forEachEngine, json, sdkClient } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!';
const HOUR = 3600 * 1000;

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;

/** A pool with one app client that allows ADMIN_USER_PASSWORD_AUTH, and a user with a permanent password. */
async function signInSetup(cognito: CognitoIdentityProviderClient, client: Partial<CreateUserPoolClientCommandInput> = {}) {
  const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'keys' }))).UserPool!.Id!;
  const clientId = (
    await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...client }),
    )
  ).UserPoolClient!.ClientId!;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'kim', TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'kim', Password: PASSWORD, Permanent: true }));
  const signIn = async () => {
    const { AuthenticationResult } = await cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } }),
    );
    return { id: AuthenticationResult!.IdToken!, access: AuthenticationResult!.AccessToken! };
  };
  return { poolId, clientId, signIn };
}

const jwksOf = async (server: TestServer, poolId: string): Promise<{ keys: { kid: string }[] }> =>
  json(await fetch(`${server.url}/${poolId}/.well-known/jwks.json`));
const kidsOf = async (server: TestServer, poolId: string) => (await jwksOf(server, poolId)).keys.map((k) => k.kid).sort();

async function rotate(server: TestServer, poolId: string) {
  const res = await fetch(`${server.url}/_cognate/keys/rotate?pool=${encodeURIComponent(poolId)}`, { method: 'POST' });
  return { status: res.status, body: await json(res) };
}

// aws-jwt-verify checks `exp` against the real time, so the server's clock starts at the real time
// and each test sets it back there before moving it.
const clock = new ManualClock(Date.now());

forEachEngine(
  'signing key rotation',
  (server) => {
    it('publishes a new ID key and access key, signs new tokens with them, and keeps the old keys until their tokens have expired', async () => {
      clock.set(Date.now());
      const { cognito } = server();
      const { poolId, clientId, signIn } = await signInSetup(cognito);
      const before = await signIn();
      const oldKids = [kidOf(before.id), kidOf(before.access)];
      expect(oldKids[0]).not.toBe(oldKids[1]);
      expect(await kidsOf(server(), poolId)).toEqual([...oldKids].sort());

      const rotatedAt = clock.now();
      const { status, body } = await rotate(server(), poolId);
      expect(status).toBe(200);
      expect(body).toMatchObject({ poolId, idKid: expect.any(String), accessKid: expect.any(String) });
      const newKids = [body.idKid as string, body.accessKid as string];
      expect(newKids).not.toContain(oldKids[0]);
      expect(newKids).not.toContain(oldKids[1]);

      const jwks = await jwksOf(server(), poolId);
      expect(jwks.keys).toHaveLength(4);
      expect(jwks.keys.map((k) => k.kid).sort()).toEqual([...oldKids, ...newKids].sort());

      const after = await signIn();
      expect([kidOf(after.id), kidOf(after.access)]).toEqual(newKids);

      const issuer = `${server().services.settings.publicUrl}/${poolId}`;
      const jwksUri = `${issuer}/.well-known/jwks.json`;
      const idVerifier = JwtRsaVerifier.create({ issuer, jwksUri, audience: clientId });
      const accessVerifier = JwtRsaVerifier.create({ issuer, jwksUri, audience: null });
      idVerifier.cacheJwks(jwks as never);
      accessVerifier.cacheJwks(jwks as never);
      for (const tokens of [before, after]) {
        expect((await idVerifier.verify(tokens.id))['cognito:username']).toBe('kim');
        expect((await accessVerifier.verify(tokens.access)).username).toBe('kim');
      }
      // The server itself still accepts an access token signed by the rotated-out key.
      expect((await cognito.send(new GetUserCommand({ AccessToken: before.access }))).Username).toBe('kim');

      const until = body.previousKeysPublishedUntil as number;
      expect(until).toBeGreaterThanOrEqual(rotatedAt + HOUR);
      expect(until).toBeGreaterThanOrEqual(decodeJwt(before.id).exp! * 1000);
      expect(until).toBeGreaterThanOrEqual(decodeJwt(before.access).exp! * 1000);
      clock.set(until - 1);
      expect(await kidsOf(server(), poolId)).toHaveLength(4);
      clock.set(until);
      expect(await kidsOf(server(), poolId)).toEqual([...newKids].sort());
      expect([kidOf((await signIn()).id), kidOf((await signIn()).access)]).toEqual(newKids);
    });

    it("keeps the old keys for the longest ID or access token lifetime among the pool's clients", async () => {
      clock.set(Date.now());
      const { cognito } = server();
      const { poolId, signIn } = await signInSetup(cognito);
      await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'long-lived',
          AccessTokenValidity: 12,
          IdTokenValidity: 30,
          TokenValidityUnits: { AccessToken: 'hours', IdToken: 'minutes' },
        }),
      );
      const before = await signIn();
      const rotatedAt = clock.now();
      const { body } = await rotate(server(), poolId);
      const until = body.previousKeysPublishedUntil as number;
      expect(until).toBeGreaterThanOrEqual(rotatedAt + 12 * HOUR);
      expect(until).toBeLessThan(rotatedAt + 12 * HOUR + 5 * 60 * 1000);
      clock.set(rotatedAt + 12 * HOUR - 1);
      expect(await kidsOf(server(), poolId)).toEqual(expect.arrayContaining([kidOf(before.id), kidOf(before.access)]));
      clock.set(until);
      expect(await kidsOf(server(), poolId)).toHaveLength(2);
    });

    it('rotated twice, each generation leaves the JWKS on its own schedule', async () => {
      clock.set(Date.now());
      const { cognito } = server();
      const { poolId, signIn } = await signInSetup(cognito);
      await signIn();
      const first = await rotate(server(), poolId);
      clock.advance(HOUR / 2);
      const second = await rotate(server(), poolId);
      expect(await kidsOf(server(), poolId)).toHaveLength(6);
      clock.set(first.body.previousKeysPublishedUntil);
      expect(await kidsOf(server(), poolId)).toEqual([first.body.idKid, first.body.accessKid, second.body.idKid, second.body.accessKid].sort());
      clock.set(second.body.previousKeysPublishedUntil);
      expect(await kidsOf(server(), poolId)).toEqual([second.body.idKid, second.body.accessKid].sort());
    });

    it('answers ResourceNotFoundException for a pool that does not exist', async () => {
      const { status, body } = await rotate(server(), 'us-east-1_NoSuchPool');
      expect(status).toBe(400);
      expect(body).toEqual({ __type: 'ResourceNotFoundException', message: 'User pool us-east-1_NoSuchPool does not exist.' });
      const missing = await fetch(`${server().url}/_cognate/keys/rotate`, { method: 'POST' });
      expect(missing.status).toBe(400);
      expect((await json(missing)).__type).toBe('InvalidParameterException');
    });
  },
  { clock },
);

const awsClock = new ManualClock(Date.now());

forEachEngine(
  "aws-jwt-verify's CognitoJwtVerifier across a rotation with --issuer-style aws",
  (server) => {
    it('accepts tokens signed before and after the rotation once the JWKS is cached', async () => {
      awsClock.set(Date.now());
      const { cognito } = server();
      const { poolId, clientId, signIn } = await signInSetup(cognito);
      const before = await signIn();
      const { body } = await rotate(server(), poolId);
      const after = await signIn();
      expect(kidOf(after.access)).toBe(body.accessKid);
      for (const token of [before.id, after.id]) expect(decodeJwt(token).iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);

      const jwks = await jwksOf(server(), poolId);
      const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId });
      const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId });
      idVerifier.cacheJwks(jwks as never);
      accessVerifier.cacheJwks(jwks as never);
      for (const tokens of [before, after]) {
        expect((await idVerifier.verify(tokens.id))['cognito:username']).toBe('kim');
        expect((await accessVerifier.verify(tokens.access)).username).toBe('kim');
      }
    });
  },
  { issuerStyle: 'aws', clock: awsClock },
);

forEachEngine('GetSigningCertificate', (server) => {
  it('returns a self-signed X.509 certificate for the pool, valid for ten years, the same on every call', async () => {
    const { cognito } = server();
    const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'saml' }))).UserPool!.Id!;
    const [first, second] = await Promise.all([
      cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId })),
      cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId })),
    ]);
    expect(first.Certificate).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(second.Certificate).toBe(first.Certificate);
    const cert = new X509Certificate(Buffer.from(first.Certificate!, 'base64'));
    expect(cert.subject).toBe(`CN=${poolId}`);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 24 * HOUR);
    expect(years).toBeGreaterThan(9.99);
    expect(years).toBeLessThan(10.01);
    expect((await cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate).toBe(first.Certificate);
  });

  it('is not changed by a token key rotation, and its key is not in the JWKS', async () => {
    const { cognito } = server();
    const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'saml-rotate' }))).UserPool!.Id!;
    const { Certificate } = await cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    await rotate(server(), poolId);
    expect((await cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }))).Certificate).toBe(Certificate);
    const certKey = new X509Certificate(Buffer.from(Certificate!, 'base64')).publicKey.export({ format: 'jwk' });
    const jwks = await json(await fetch(`${server().url}/${poolId}/.well-known/jwks.json`));
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys.map((k: { n: string }) => k.n)).not.toContain(certKey.n);
  });

  it("answers Cognito's errors for a missing or malformed pool id", async () => {
    const { cognito } = server();
    await expect(cognito.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_NoSuchPool' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_NoSuchPool does not exist.',
    });
    await expect(cognito.send(new GetSigningCertificateCommand({ UserPoolId: 'not a pool' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("Value 'not a pool' at 'userPoolId' failed to satisfy constraint"),
    });
  });
});

describe('GetSigningCertificate across a restart', () => {
  for (const engine of engines()) {
    it(`returns the same certificate after the server restarts [${engine}]`, async () => {
      const masterKey = randomBytes(32).toString('hex');
      let options: ServerOptions;
      let cleanup: () => Promise<void>;
      if (engine === 'postgres') {
        const db = await createTestDatabase();
        options = { databaseUrl: db.url, masterKey };
        cleanup = db.drop;
      } else {
        const dir = await mkdtemp(join(tmpdir(), 'cognate-keys-'));
        options = { dataDir: dir, masterKey };
        cleanup = () => rm(dir, { recursive: true, force: true });
      }
      try {
        const certificateAfterStart = async (poolId?: string) => {
          const server = await startServer({ port: 0, logLevel: 'error', ...options });
          const cognito = sdkClient(server.url);
          try {
            const id = poolId ?? (await cognito.send(new CreateUserPoolCommand({ PoolName: 'restart' }))).UserPool!.Id!;
            return { poolId: id, certificate: (await cognito.send(new GetSigningCertificateCommand({ UserPoolId: id }))).Certificate! };
          } finally {
            cognito.destroy();
            await server.close();
          }
        };
        const first = await certificateAfterStart();
        const second = await certificateAfterStart(first.poolId);
        expect(second.certificate).toBe(first.certificate);
      } finally {
        await cleanup();
      }
    });
  }
});

describe('signing key rotation on two nodes sharing one PostgreSQL database', () => {
  it.runIf(engines().includes('postgres'))(
    "keeps publishing the old keys until a token the other node signed from its cached keys has expired, and both nodes drop them after",
    async () => {
      const sharedClock = new ManualClock(Date.now());
      const db = await createTestDatabase();
      const options: ServerOptions = { port: 0, logLevel: 'error', databaseUrl: db.url, masterKey: randomBytes(32).toString('hex'), clock: sharedClock };
      const a = await startServer(options);
      const b = await startServer(options);
      // Node B's cache runs on a clock of its own that stands still, so its entries stay within their
      // 2 s however slow the machine is; the test expires them by clearing the cache.
      const frozen = Date.now();
      b.services.cache = new ConfigCache(2000, () => frozen);
      const nodeA = { ...a, engine: 'postgres' as const, cognito: sdkClient(a.url) };
      const nodeB = { ...b, engine: 'postgres' as const, cognito: sdkClient(b.url) };
      try {
        const { poolId, clientId, signIn } = await signInSetup(nodeA.cognito);
        const signInAtB = async () => {
          const { AuthenticationResult } = await nodeB.cognito.send(
            new AdminInitiateAuthCommand({
              UserPoolId: poolId,
              ClientId: clientId,
              AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: 'kim', PASSWORD },
            }),
          );
          return AuthenticationResult!.AccessToken!;
        };
        const old = kidOf((await signIn()).access);
        expect(kidOf(await signInAtB())).toBe(old);

        const rotated = await rotate(nodeA, poolId);
        // Node B still holds the old keys in its cache (for up to 2 s in real time) and signs with them.
        sharedClock.advance(30_000);
        const late = await signInAtB();
        expect(kidOf(late)).toBe(old);
        sharedClock.set(decodeJwt(late).exp! * 1000 - 1);
        expect(await kidsOf(nodeA, poolId)).toContain(old);
        expect(await kidsOf(nodeB, poolId)).toContain(old);

        // Once node B's cache has expired (cleared here rather than waited for), it signs with the new keys.
        nodeB.services.cache.clear();
        expect(kidOf(await signInAtB())).toBe(rotated.body.accessKid);
        sharedClock.set(rotated.body.previousKeysPublishedUntil);
        expect(await kidsOf(nodeA, poolId)).toEqual([rotated.body.idKid, rotated.body.accessKid].sort());
        expect(await kidsOf(nodeB, poolId)).toEqual([rotated.body.idKid, rotated.body.accessKid].sort());
      } finally {
        nodeA.cognito.destroy();
        nodeB.cognito.destroy();
        await a.close();
        await b.close();
        await db.drop();
      }
    },
  );
});
