import { buildApi } from './app.js';

/**
 * Runs the example API: `npx tsx examples/api/server.ts` (with `cognate serve --seed examples/seed.yaml`
 * running). Settings come from the environment: API_ISSUER (default the demo pool on
 * http://localhost:9400), API_PORT (default 3000), API_CLIENT_IDS (comma separated, optional).
 */
const issuer = process.env.API_ISSUER ?? 'http://localhost:9400/us-east-1_DemoPool1';
const port = Number(process.env.API_PORT ?? 3000);
const clientIds = process.env.API_CLIENT_IDS ? process.env.API_CLIENT_IDS.split(',').map((s) => s.trim()) : undefined;

const app = buildApi({ issuer, clientIds, logger: true });
await app.listen({ port, host: '127.0.0.1' });
console.log(`example API listening on http://127.0.0.1:${port} (tokens of ${issuer})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
