/* global process, URL */
// Jest global set-up (jest.config.mjs: globalSetup). Jest runs it in its own context: tests see the
// environment variables it sets, and only the teardown sees globalThis.
import { fileURLToPath } from 'node:url';
import { startCognate } from 'cognate';

export default async function globalSetup() {
  const cognate = await startCognate({ seed: fileURLToPath(new URL('../../seed.yaml', import.meta.url)) });
  globalThis.__COGNATE__ = cognate;
  const pool = cognate.pools[0];
  process.env.COGNITO_ENDPOINT = cognate.endpoint;
  process.env.COGNITO_USER_POOL_ID = pool.id;
  process.env.COGNITO_CLIENT_ID = pool.clients.find((c) => c.clientName === 'Postman').clientId;
  process.env.COGNITO_ISSUER = pool.issuer;
}
