#!/usr/bin/env node
/* global process, URL, fetch, Buffer, console */
// Cognate from a plain Node script: start it, get a machine-to-machine token, read the outbox, stop.
// Run: node examples/embedding/node-script.mjs   (after `npm install cognate`, or `npm run build` here)
import { fileURLToPath } from 'node:url';
import { startCognate } from 'cognate';

const seed = process.argv[2] ?? fileURLToPath(new URL('../seed.yaml', import.meta.url));
const cognate = await startCognate({ seed });
try {
  const pool = cognate.pools[0];
  const machine = pool.clients.find((c) => c.oauthFlows.includes('client_credentials'));
  const response = await fetch(`${pool.baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${machine.clientId}:${machine.clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: accessToken } = await response.json();
  console.log(JSON.stringify({ endpoint: cognate.endpoint, pool: pool.id, issuer: cognate.issuer(pool.id), gotToken: Boolean(accessToken), outbox: (await cognate.outbox(pool.id)).length }));
} finally {
  await cognate.stop();
}
