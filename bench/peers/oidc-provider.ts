/** oidc-provider in its own process, for the client-credentials comparison. */
import { join } from 'node:path';
import type { Running } from '../process.js';
import { ROOT, startProcess } from '../process.js';

export const OIDC_CLIENT = 'bench-service';
export const OIDC_SECRET = 'bench0secret0do0not0use0in0production000000000001';

export function startOidcProvider(): Promise<Running> {
  return startProcess({
    args: ['--import', 'tsx', join(ROOT, 'bench', 'peers', 'oidc-provider-server.ts')],
    env: { CLIENT_ID: OIDC_CLIENT, CLIENT_SECRET: OIDC_SECRET, NODE_ENV: 'production' },
    ready: /listening on (http:\/\/\S+)/,
  });
}
