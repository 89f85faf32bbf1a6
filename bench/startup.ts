/** Start time (spawn to the first 200 on /health, median of several) and idle RSS of the built binary. */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SEED, cognateArgs, cognateEnv, createStorage } from './cognate.js';
import { treeRssBytes } from './cpu.js';
import { percentile } from './stats.js';
import { ROOT, timeToHealthy } from './process.js';
import { amzJson, clientCredentials } from './scenarios.js';

// What `npm start` serves: the walkthrough's seed.
const WALKTHROUGH_SEED = join(ROOT, 'examples', 'seed.yaml');
const DEMO_POOL = 'us-east-1_DemoPool1';

export interface StartupResult {
  /** Median milliseconds from spawn to a 200 on /health. */
  startMs: number;
  runs: number[];
  /** RSS of the server's process tree after start and a few requests, in bytes. */
  idleRssBytes?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The in-memory server with the walkthrough's seed, as `npm start`, demos and tests start it. */
export async function measureStartup(times = 5): Promise<StartupResult> {
  const runs: number[] = [];
  let idleRssBytes: number | undefined;
  for (let i = 0; i < times; i++) {
    const storage = await createStorage('sqlite');
    try {
      const port = await freePort();
      const args = cognateArgs(storage, { port })
        .filter((a, j, all) => !(a === '--data' || all[j - 1] === '--data'))
        .map((a) => (a === SEED ? WALKTHROUGH_SEED : a));
      const { ms, running } = await timeToHealthy({ args: [...args, '--in-memory'], env: cognateEnv(), healthPath: '/health', port });
      runs.push(ms);
      if (i === times - 1) {
        const requests = [
          clientCredentials(`/${DEMO_POOL}/oauth2/token`, 'servicedemoclient000000001', 'demo0secret0do0not0use0in0production0000000000001'),
          amzJson('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'postmandemoclient000000001', AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } }),
          { method: 'GET', path: `/${DEMO_POOL}/.well-known/jwks.json` },
        ];
        for (const request of requests) {
          for (let n = 0; n < 5; n++) {
            await fetch(`${running.url}${request.path}`, {
              method: request.method,
              ...('headers' in request ? { headers: request.headers } : {}),
              ...('body' in request ? { body: request.body } : {}),
            }).then((r) => r.arrayBuffer());
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 1000)); // let the heap settle after the requests
        idleRssBytes = treeRssBytes(running.pid);
      }
      await running.stop();
    } finally {
      await storage.dispose();
    }
  }
  return { startMs: percentile(runs, 50), runs, ...(idleRssBytes === undefined ? {} : { idleRssBytes }) };
}
