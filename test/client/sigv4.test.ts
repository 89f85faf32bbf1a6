import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminGet } from '../../src/cli/admin-client.js';
import { TokenClientError, callCognito } from '../../src/client/index.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { DEMO, seeded } from './helpers.js';

/** The one SigV4 signer (src/client/sigv4.ts), through both of its users, against a server that requires signatures. */
describe('SigV4 signing of the client library and the admin CLI', () => {
  const credentials = { accessKeyId: 'AKIDSIGNER', secretAccessKey: 'signer-secret' };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { ...seeded, adminCredentials: credentials });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs the client library\'s calls to administrative operations (POST, no query)', async () => {
    const answer = await callCognito<{ UserPool?: { Id?: string } }>({ endpoint: server.url, credentials }, 'DescribeUserPool', { UserPoolId: DEMO.poolId });
    expect(answer.UserPool?.Id).toBe(DEMO.poolId);
    const refused = await callCognito({ endpoint: server.url, credentials: { ...credentials, secretAccessKey: 'wrong' } }, 'DescribeUserPool', { UserPoolId: DEMO.poolId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokenClientError);
    expect((refused as TokenClientError).code).toBe('InvalidSignatureException');
  });

  it('signs the admin CLI\'s GETs, query string included', async () => {
    const signed = `${credentials.accessKeyId}:${credentials.secretAccessKey}`;
    const answer = (await adminGet({ endpoint: server.url, adminCredentials: signed }, '_cognate/outbox', { pool: DEMO.poolId, user: undefined })) as { messages: unknown[] };
    expect(Array.isArray(answer.messages)).toBe(true);
    await expect(adminGet({ endpoint: server.url }, '_cognate/outbox', { pool: DEMO.poolId })).rejects.toThrow(/MissingAuthenticationToken/);
  });
});
