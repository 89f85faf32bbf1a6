import { fileURLToPath } from 'node:url';
import { startCognate } from 'cognate';

/**
 * Playwright global set-up (playwright.config.ts: `globalSetup`): it returns its teardown, and hands
 * the tests Cognate's address through the environment, as Playwright's workers inherit it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const cognate = await startCognate({ seed: fileURLToPath(new URL('../../seed.yaml', import.meta.url)) });
  const pool = cognate.pools[0]!;
  process.env.COGNATE_POOL_URL = pool.baseUrl;
  process.env.COGNATE_CLIENT_ID = pool.clients.find((c) => c.clientName === 'Postman')!.clientId;
  return () => cognate.stop();
}
