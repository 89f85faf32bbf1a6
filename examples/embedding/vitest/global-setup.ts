import { fileURLToPath } from 'node:url';
import { startCognate } from 'cognate';
import type { TestProject } from 'vitest/node';

/**
 * vitest global set-up: one Cognate for the whole run, in memory on a free port, with the
 * walkthrough's seed. Tests read where it is with `inject('cognate')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cognate = await startCognate({ seed: fileURLToPath(new URL('../../seed.yaml', import.meta.url)) });
  const pool = cognate.pools[0]!;
  project.provide('cognate', {
    endpoint: cognate.endpoint,
    poolId: pool.id,
    clientId: pool.clients.find((c) => c.clientName === 'Postman')!.clientId,
    issuer: pool.issuer,
  });
  return () => cognate.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    cognate: { endpoint: string; poolId: string; clientId: string; issuer: string };
  }
}
